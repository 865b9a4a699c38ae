"""Passwords (argon2id), login and its rate limit, and the per-session CSRF token."""
from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import threading
import time
from collections import deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from knowledge.store import ROLES, Store, User

MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verified against when the username is unknown, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(store: Store, username: str, password: str) -> User | None:
    with store.session() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
        if user is None or not ok or not user.active:
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return user


def check_new_user(username: str, password: str, role: str) -> list[str]:
    problems = []
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        problems.append("username: letters, digits, '.', '-', '_' only")
    if len(password) < MIN_PASSWORD:
        problems.append(f"password: at least {MIN_PASSWORD} characters")
    if role not in ROLES:
        problems.append(f"role: one of {', '.join(ROLES)}")
    return problems


def check_new_password(password: str, confirm: str | None = None, current: str | None = None) -> list[str]:
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"new_password: at least {MIN_PASSWORD} characters")
    if confirm is not None and password != confirm:
        problems.append("confirm: the two new passwords differ")
    if current is not None and password == current:
        problems.append("new_password: the same as the current password")
    return problems


def password_stamp(password_hash: str) -> str:
    """Kept in the session at login: a password change ends every session opened with the old one."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class LoginThrottle:
    """Failed logins in a sliding window, per (username, client address) and per address.

    After `per_user` failures for one username from one address (or `per_address` for any usernames
    from one address), logins from there are refused for the rest of the window, even with the right
    password, so guessing cannot go on. Kept in memory: the admin app is one process.
    """

    def __init__(self, per_user: int = 5, per_address: int = 20, window: float = 15 * 60,
                 clock=time.monotonic, max_keys: int = 10_000):
        self.per_user, self.per_address, self.window, self.clock = per_user, per_address, window, clock
        self.max_keys = max_keys
        self._failures: dict[tuple, deque] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str) -> list[tuple]:
        return [("user", username.strip().lower(), address), ("address", address)]

    def _recent(self, key: tuple, now: float) -> deque:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until a login may be tried again; 0 when it may be tried now."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in zip(self._keys(username, address), (self.per_user, self.per_address)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, times[-limit] + self.window - now)
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_keys:  # many usernames tried: forget the expired ones
                for key in list(self._failures):
                    self._recent(key, now)
            for key in self._keys(username, address):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(self._keys(username, address)[0], None)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(session_token: str | None, submitted: str | None) -> bool:
    return bool(session_token and submitted) and hmac.compare_digest(session_token, submitted)


def session_secret() -> str:
    """$MADOGUCHI_SECRET, or a random key kept in var/admin_secret so a restart keeps staff logged in."""
    from knowledge.settings import current

    cfg = current()
    if cfg.secret:
        return cfg.secret
    path = cfg.secret_file
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
