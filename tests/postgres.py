"""A private PostgreSQL server for the tests: Debian's package, a fresh cluster in a temporary
directory, listening on loopback only, started here and stopped at exit (never the machine's own).

`MADOGUCHI_TEST_POSTGRES_URL` points the tests at a server that already runs instead. Without the
package (scripts/system_deps.sh installs it) the tests that need it skip, saying so; under
MADOGUCHI_REQUIRE_POSTGRES=1 (make test) that is a failure.
"""
from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from bot.launch import free_port

USER = "madoguchi"


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class Server:
    """One cluster; `database()` hands each test a database of its own."""

    def __init__(self, url: str, proc_dir: Path | None = None, run_as: list[str] | None = None) -> None:
        self.url, self._dir, self._run_as = url.rstrip("/"), proc_dir, run_as or []

    def database(self, prefix: str = "t") -> str:
        """A new empty database; its SQLAlchemy URL."""
        import sqlalchemy as sa

        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        engine = sa.create_engine(f"{self.url}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return f"{self.url}/{name}"

    def stop(self) -> None:
        if self._dir is not None:
            subprocess.run([*self._run_as, _bin("pg_ctl"), "-D", str(self._dir / "data"), "-m", "fast", "stop"],
                           capture_output=True, timeout=60)
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def start() -> Server:
    """The server named by MADOGUCHI_TEST_POSTGRES_URL, else a new cluster; RuntimeError says why not."""
    given = os.environ.get("MADOGUCHI_TEST_POSTGRES_URL")
    if given:
        return Server(given.rsplit("/", 1)[0] if given.count("/") > 2 else given)
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL is not installed (Debian package postgresql: scripts/system_deps.sh postgresql)")
    # PostgreSQL refuses to run as root: the cluster belongs to Debian's postgres user then.
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="madoguchi-pg-"))
    if run_as:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    subprocess.run([*run_as, initdb, "-D", str(root / "data"), "-U", USER, "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True, timeout=120)
    log = root / "server.log"
    subprocess.run([*run_as, pg_ctl, "-D", str(root / "data"), "-l", str(log), "-w", "-t", "60", "-o",
                    f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off", "start"],
                   check=True, capture_output=True, timeout=90)
    server = Server(f"postgresql://{USER}@127.0.0.1:{port}", root, run_as)
    atexit.register(server.stop)  # whatever happens to the caller, the cluster does not outlive the run
    deadline = time.monotonic() + 30
    while True:  # -w waits for the socket; the TCP listener is up with it, but be sure
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"PostgreSQL did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
