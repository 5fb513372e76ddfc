"""Encrypted casebooks: SQLCipher keys derived from a passphrase, and recognising the files.

An encrypted casebook is an SQLCipher 4 database. Every page of the file and of its WAL is
encrypted with AES-256 (CBC, a random IV per page written) and authenticated with HMAC-SHA512;
without the key the file is indistinguishable from random bytes. The key is derived from the
passphrase with PBKDF2-HMAC-SHA512, 256,000 iterations, over a random 16-byte salt that SQLCipher
keeps as the first 16 bytes of the file: SQLCipher 4's defaults, pinned on every connection
(``cipher_compatibility = 4``) so that a later SQLCipher with other defaults still opens today's
casebooks. docs/security.md says what this protects and what it does not.

We derive the key ourselves, once per opening, with the same function SQLCipher uses (OpenSSL's
PBKDF2 through :func:`hashlib.pbkdf2_hmac`) and give SQLCipher the raw key with its salt
(``PRAGMA key = "x'…'"``). Otherwise every connection of the engine's pool would derive it again
(~0.2 s each), and the passphrase itself would have to be kept for as long as the casebook is
open. A casebook made this way opens in any SQLCipher 4 with its passphrase and the other way
round (tests/store/test_encryption.py checks both).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

from nkcase.errors import CasebookError, UsageError, WrongPassphraseError

KDF_NAME = "PBKDF2-HMAC-SHA512"
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32
#: SQLCipher 4's page size: an encrypted casebook's file is a whole number of pages.
CIPHER_PAGE_SIZE = 4096
#: Below this, a new passphrase is refused: it is all that stands between a thief and the file.
MIN_PASSPHRASE_CHARS = 12
WRONG_PASSPHRASE = "wrong passphrase, or not an nkcase casebook"
SQLITE_MAGIC = b"SQLite format 3\x00"

_SQLCIPHER: ModuleType | None = None


def passphrase_bytes(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: UTF-8 of its NFC form.

    Normalised, so that "한국" typed on macOS (decomposed jamo) and on Linux or Windows
    (precomposed syllables) is the same passphrase; otherwise exactly as typed (spaces count).
    """
    if not passphrase:
        raise UsageError("the passphrase is empty")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect a casebook (a new one, or a change)."""
    length = len(unicodedata.normalize("NFC", passphrase))
    if length < MIN_PASSPHRASE_CHARS:
        raise UsageError(
            f"the passphrase is too short ({length} characters): use at least "
            f"{MIN_PASSPHRASE_CHARS}, best several unrelated words"
        )


class CasebookKey:
    """The key of one encrypted casebook (derived once) and the salt it was derived with.

    It never shows itself in a repr or a traceback. :meth:`wipe` overwrites the key in place
    when the casebook closes; Python may still hold copies it made on the way (the hex text
    given to SQLCipher), which is why docs/security.md does not count a running session as
    protected.
    """

    __slots__ = ("_key", "salt")

    def __init__(self, key: bytes, salt: bytes) -> None:
        if len(key) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a casebook key is 32 bytes with a 16-byte salt")
        self._key = bytearray(key)
        self.salt = bytes(salt)

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> CasebookKey:
        """The key for ``passphrase`` with ``salt`` (an existing casebook's, from its file)."""
        key = hashlib.pbkdf2_hmac(
            "sha512", passphrase_bytes(passphrase), salt, KDF_ITERATIONS, KEY_BYTES
        )
        return cls(key, salt)

    @classmethod
    def new(cls, passphrase: str) -> CasebookKey:
        """A key with a fresh random salt, for a new or re-encrypted casebook."""
        check_new_passphrase(passphrase)
        return cls.derive(passphrase, os.urandom(SALT_BYTES))

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is the one this key was derived from (to confirm a change)."""
        other = CasebookKey.derive(passphrase, self.salt)
        try:
            return not self.wiped and hmac.compare_digest(bytes(self._key), bytes(other._key))
        finally:
            other.wipe()

    @property
    def wiped(self) -> bool:
        return not any(self._key)

    def pragma_value(self) -> str:
        """The raw key with its salt, as ``PRAGMA key`` and ``ATTACH … KEY`` take it."""
        if self.wiped:
            raise CasebookError("the casebook is locked: its key was dropped")
        return f"x'{self._key.hex()}{self.salt.hex()}'"

    def wipe(self) -> None:
        """Overwrite the key in memory; the casebook cannot be opened with it any more."""
        for index in range(len(self._key)):
            self._key[index] = 0

    def __repr__(self) -> str:
        return "CasebookKey(<hidden>)"


def is_encrypted_casebook(path: Path) -> bool:
    """Whether ``path`` holds an encrypted casebook, so opening it takes a passphrase.

    Raises :class:`CasebookError` when it is no casebook at all (missing, a folder, a file that
    is neither plain SQLite nor whole SQLCipher pages).
    """
    path = Path(path)
    if not path.exists():
        raise CasebookError(f"no casebook at {path}")
    if path.is_dir():
        raise CasebookError(f"{path} is a folder, not a casebook file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
            return False
    if looks_encrypted(path):
        return True
    raise CasebookError(f"{path.name} is not a casebook (not an SQLite database)")


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` could be an encrypted casebook: not plain SQLite, whole cipher pages.

    Only the passphrase can tell an encrypted casebook from other random-looking bytes; a file
    that is not a whole number of pages is neither, and is refused without asking for one.
    """
    size = path.stat().st_size
    if size == 0 or size % CIPHER_PAGE_SIZE:
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC


def salt_of(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def sqlcipher() -> ModuleType:
    """The SQLCipher DB-API module (``sqlcipher3``), loaded on first use and kept quiet.

    SQLCipher logs a failed page authentication (a wrong key) on stderr by default; the user
    is told in one line instead, so its log is switched off (a process-wide setting).
    """
    global _SQLCIPHER
    if _SQLCIPHER is None:
        import sqlcipher3.dbapi2 as module

        probe = module.connect(":memory:")
        try:
            probe.execute("PRAGMA cipher_log_level = NONE")
        finally:
            probe.close()
        _SQLCIPHER = module
    return _SQLCIPHER


def connect(path: Path, key: CasebookKey | None, *, readonly: bool = False) -> Any:
    """An SQLCipher connection to ``path``: the key set before anything else, settings pinned.

    ``key`` None opens a plain SQLite file through SQLCipher (to encrypt it). Temporary tables
    and indices stay in memory (``temp_store = MEMORY``): SQLite would otherwise write them to
    files in the temp folder.
    """
    module = sqlcipher()
    location = path.resolve().as_posix()
    target = f"file:{location}?mode=ro" if readonly else f"file:{location}"
    conn = module.connect(target, uri=True, check_same_thread=False, isolation_level=None)
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = \"{key.pragma_value()}\"")
            conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    return conn


def attach_clause(target: Path, key: CasebookKey | None, alias: str) -> str:
    """``ATTACH`` of ``target`` under ``alias``, encrypted with ``key`` (plain when None)."""
    location = str(target.resolve()).replace("'", "''")
    literal = '""' if key is None else f'"{key.pragma_value()}"'
    return f"ATTACH DATABASE '{location}' AS {alias} KEY {literal}"


def unlock(path: Path, passphrase: str, *, readonly: bool = False) -> CasebookKey:
    """The key of the encrypted casebook at ``path``, checked against its first page.

    Raises :class:`WrongPassphraseError` when the passphrase does not decrypt it (or the file
    is not a casebook). Nothing is written either way: the check only reads.
    """
    key = CasebookKey.derive(passphrase, salt_of(path))
    module = sqlcipher()
    try:
        conn = connect(path, key, readonly=readonly)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except module.DatabaseError as err:
        key.wipe()
        if "not a database" in str(err):  # SQLITE_NOTADB: the first page does not decrypt
            raise WrongPassphraseError(f"{path.name}: {WRONG_PASSPHRASE}") from None
        raise CasebookError(f"{path.name} cannot be opened: {err}") from None
    return key
