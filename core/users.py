"""Who may sign in to the UI, and what they may change: a users file of password hashes.

One line per user, ``name:role:scrypt$n$r$p$salt$hash`` (salt and hash in base64), written by
``policy-chat user add NAME``; lines starting with ``#`` are comments. Roles: ``reader`` may ask,
read and make briefings; ``editor`` may also upload, replace and remove documents and run the
evaluation. Passwords are never stored, only scrypt hashes (standard library, memory-hard), and
they are compared in constant time. The file is read again at every check, so adding a user or
taking a right away needs no restart. Pure standard library: nothing here knows about Gradio.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, UsageError

ROLES = ("reader", "editor")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
#: scrypt cost: 2**14 × 8 × 128 bytes = 16 MB and ~50 ms a check, OWASP's minimum for scrypt.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str

    @property
    def may_change(self) -> bool:
        return self.role == "editor"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``password`` (a fresh random salt unless given)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` hashes to ``encoded``; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt, validate=True),
                             n=int(n), r=int(r), p=int(p), dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@functools.cache
def _dummy() -> str:
    """Checked when the name is unknown, so a wrong name costs as long as a wrong password.
    Made on first use, not at import: a scrypt hash is 50 ms of every ``policy-chat`` command."""
    return hash_password("not a password", salt=b"\0" * 16)


def read_users(path: Path) -> dict[str, User]:
    """The users in ``path`` (empty when the file does not exist); a bad line names file and line."""
    users: dict[str, User] = {}
    for number, line in _lines(path):
        parts = line.split(":", 2)
        if len(parts) != 3 or not NAME.match(parts[0]) or parts[1] not in ROLES \
                or not parts[2].startswith("scrypt$"):
            raise ConfigError(f"{path}, line {number}: expected name:role:scrypt$… with role reader or "
                              "editor; fix the line or write it again with `policy-chat user add NAME` "
                              "(the file is POLICY_CHAT_USERS_FILE).")
        users[parts[0]] = User(parts[0], parts[1], parts[2])
    return users


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ConfigError(f"Cannot read the users file {path} ({exc.strerror or exc}): fix its "
                          "permissions or point POLICY_CHAT_USERS_FILE elsewhere.") from None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def authenticate(path: Path, name: str, password: str) -> User | None:
    """The user ``name`` if ``password`` is theirs, else None (same cost either way)."""
    user = read_users(path).get((name or "").strip())
    ok = verify_password(password or "", user.password_hash if user else _dummy())
    return user if user is not None and ok else None


def role_of(path: Path, name: str | None) -> str | None:
    """The role of a signed-in ``name`` as the file says now (None: not signed in, or removed)."""
    if not name:
        return None
    user = read_users(path).get(name)
    return user.role if user else None


def add_user(path: Path, name: str, password: str, role: str = "reader") -> bool:
    """Add ``name`` (or replace their password and role); True when they were new. The file is
    written whole to a temporary file, then renamed, and readable by its owner only."""
    if not NAME.match(name or ""):
        raise UsageError(f"User name {name!r}: use 1–64 letters, digits, '.', '_', '@' or '-'.")
    if role not in ROLES:
        raise UsageError(f"Role {role!r}: use reader or editor.")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"The password must be at least {MIN_PASSWORD} characters long.")
    path = Path(path)
    existing = read_users(path)  # refuses to rewrite a damaged file
    kept = [raw for raw in (path.read_text(encoding="utf-8").splitlines() if path.exists() else [])
            if raw.split(":", 1)[0].strip() != name]
    kept.append(f"{name}:{role}:{hash_password(password)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")
    os.replace(tmp, path)
    return name not in existing
