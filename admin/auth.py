"""Passwords (argon2id), login, and the per-session CSRF token."""
from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

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


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(session_token: str | None, submitted: str | None) -> bool:
    return bool(session_token and submitted) and hmac.compare_digest(session_token, submitted)


def session_secret() -> str:
    """$MADOGUCHI_SECRET, or a random key kept in var/admin_secret so a restart keeps staff logged in."""
    if os.environ.get("MADOGUCHI_SECRET"):
        return os.environ["MADOGUCHI_SECRET"]
    path = Path(os.environ.get("MADOGUCHI_SECRET_FILE", "var/admin_secret"))
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
