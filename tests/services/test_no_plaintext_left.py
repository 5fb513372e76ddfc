"""An encrypted casebook leaves no plaintext behind: every file nkcase writes in the casebook's
folder, the temp folder and the log folder — while it works and after it closed — holds none of
the case's names and quotes, in Latin or Hangul, in any encoding they could take on disk.

Each step of the work is one entry of :data:`STEPS`; what it leaves is scanned after it, while
the casebook is still open (its WAL and lock file included), and once more after closing.
Files nkcase opens for writing from Python are also recorded as they are created (an audit
hook), so a temporary file removed again before the scan is caught too. SQLite's own temporary
files never reach the disk: encrypted casebooks keep them in memory (``temp_store``), which
tests/store/test_encryption.py checks.

The merge of two casebooks (issue 14) is not built yet: when it is, add it to :data:`STEPS`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nkcase.logs import log_unexpected
from nkcase.services import entities, quotes, sources
from nkcase.services.dossier_export import export_dossier
from nkcase.services.search_service import search
from nkcase.services.source_records import source_text
from nkcase.store import Casebook, create_casebook
from nkcase.store.encryption import CasebookKey
from nkcase.store.rekey import encrypt_in_place, export_copy
from nkcase.textfold import fold_text
from tests.fixtures.documents import make_docx, make_text, make_text_pdf

PASSPHRASE = "correct horse battery staple"
SECRETS = (
    "Albatross Trading", "Ra Kyong-su", "KESTREL debrief", "Harbour Star", "Tran Hung Dao",
    "라경수", "평양옥류관", "알바트로스", "문을 닫았다",
)
PDF_PAGES = [
    "Panel report, annex 12.\nThe tanker Harbour Star met a second ship off Nampo in May.",
    "Albatross Trading paid for the fuel through a bank in Dalian, the annex says.",
]
KOREAN_NOTE = (
    "라경수 씨는 평양옥류관 지배인이었다. 알바트로스 회사가 식당에 물건을 대었다. "
    "식당은 문을 닫았다.\n"
)
FIELD_NOTE = (
    "KESTREL debrief, Hanoi. Ra Kyong-su runs Albatross Trading from an office on "
    "Tran Hung Dao street; he met the master of the Harbour Star twice.\n"
)


def encodings_of(secret: str) -> set[bytes]:
    """Every form ``secret`` could take in a file: normalised, folded, cased; UTF-8/16, EUC-KR."""
    forms = {secret, secret.lower(), secret.upper(), fold_text(secret),
             unicodedata.normalize("NFD", secret)}
    found: set[bytes] = set()
    for form in forms:
        for codec in ("utf-8", "utf-16-le", "utf-16-be", "euc-kr"):
            try:
                found.add(form.encode(codec))
            except UnicodeEncodeError:
                continue
    return found


NEEDLES = {secret: encodings_of(secret) for secret in SECRETS}


def shared_memory_files() -> frozenset[Path]:
    folder = Path("/dev/shm")
    return frozenset(folder.iterdir()) if folder.is_dir() else frozenset()


def plaintext_in(path: Path) -> list[str]:
    data = path.read_bytes()
    return [secret for secret, forms in NEEDLES.items() if any(f in data for f in forms)]


# -- files written from Python, recorded as they are opened --------------------------------

_WATCHED: list[Path] = []
_OPENED: list[Path] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not _WATCHED:
        return
    path, mode, flags = args
    if not isinstance(path, str | bytes | os.PathLike):
        return
    writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & _WRITE_FLAGS
    )
    if writing:
        resolved = Path(os.fsdecode(path)).resolve()
        if any(resolved.is_relative_to(folder) for folder in _WATCHED):
            _OPENED.append(resolved)


sys.addaudithook(_audit)  # hooks cannot be removed; it does nothing outside these tests


@dataclass
class Work:
    """The folders watched, the casebook and what the steps found."""

    root: Path
    casebook: Casebook
    docs: Path
    out: Path
    watched: tuple[Path, ...]
    ids: dict[str, str] = field(default_factory=dict)
    shm_before: frozenset[Path] = frozenset()

    def scan(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for folder in self.watched:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and (hits := plaintext_in(path)):
                    found[str(path.relative_to(self.root))] = hits
        # Shared memory (a PDF shared with page-reading workers) is memory, but must not stay.
        for path in sorted(shared_memory_files() - self.shm_before):
            if path.is_file() and (hits := plaintext_in(path)):
                found[str(path)] = hits
        return found


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    folders = {name: tmp_path / name for name in ("case", "tmp", "state", "docs", "out")}
    for folder in folders.values():
        folder.mkdir()
    # Temporary files and the log go to folders of the test's own, to be scanned.
    monkeypatch.setenv("TMPDIR", str(folders["tmp"]))
    monkeypatch.setattr(tempfile, "tempdir", str(folders["tmp"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(folders["state"]))
    watched = tuple(folders[n].resolve() for n in ("case", "tmp", "state"))
    book = create_casebook(folders["case"] / "case.nkcase", "Case", passphrase=PASSPHRASE)
    _WATCHED[:] = watched
    _OPENED.clear()
    try:
        yield Work(tmp_path, book, folders["docs"], folders["out"], watched,
                   shm_before=shared_memory_files())
    finally:
        _WATCHED.clear()
        book.close()


# -- the steps -----------------------------------------------------------------------------


def step_import(w: Work) -> None:
    # Long enough to be read by the page-reading worker processes too (ingest/pdf_pool.py).
    pages = PDF_PAGES + [f"Page {n}: the Harbour Star log continues." for n in range(3, 81)]
    docs = {
        "pdf": make_text_pdf(w.docs / "panel-annex.pdf", pages, title="Panel annex"),
        "korean": make_text(w.docs / "sonamu-euc-kr.txt", KOREAN_NOTE, "euc-kr"),
        "note": make_text(w.docs / "kestrel.txt", FIELD_NOTE, "utf-8"),
        "docx": make_docx(w.docs / "notes.docx", [FIELD_NOTE, KOREAN_NOTE],
                          title="Albatross Trading notes"),
    }
    for key, path in docs.items():
        outcome, _ = sources.import_file(w.casebook, path, sources.ImportOptions(
            title="KESTREL debrief" if key == "note" else None))
        assert outcome.status == "imported", outcome
        assert outcome.source_id is not None
        w.ids[key] = outcome.source_id


def step_entities_and_quotes(w: Work) -> None:
    change = entities.create_entity(w.casebook, "Company", "Albatross Trading",
                                    aliases=["알바트로스"])
    w.ids["company"] = str(change.subject_id)
    change = entities.create_entity(w.casebook, "Person", "Ra Kyong-su", aliases=["라경수"])
    w.ids["person"] = str(change.subject_id)
    entities.add_note(w.casebook, w.ids["person"], "Met the master of the Harbour Star twice.")
    for source, passage, entity in (
        ("pdf", "Albatross Trading paid for the fuel", "company"),
        ("korean", "라경수 씨는 평양옥류관 지배인이었다", "person"),
        ("note", "Ra Kyong-su runs Albatross Trading", "person"),
    ):
        text = source_text(w.casebook, w.ids[source]).text
        start = text.index(passage)
        quotes.add_quote(w.casebook, w.ids[source], start=start, end=start + len(passage),
                         entity_ids=[w.ids[entity]], note="Tran Hung Dao office")


def step_search(w: Work) -> None:
    assert search(w.casebook, "평양옥류관").hits
    assert search(w.casebook, "Harbour Star").hits


def step_dossier(w: Work) -> None:
    result = export_dossier(w.casebook, [w.ids["company"], w.ids["person"]],
                            w.out / "dossier.pdf", level="internal")
    assert result.paths  # written outside the watched folders, where the user chose


def step_copy(w: Work) -> None:
    w.casebook.backup(w.casebook.path.with_name("backup-copy.nkcase"))
    export_copy(w.casebook, w.casebook.path.with_name("handover.nkcase"),
                CasebookKey.new("a different passphrase for the copy"))


def step_merge(w: Work) -> None:
    """An encrypted fieldwork copy, edited apart and merged back; and an encrypted copy at a
    level: neither leaves a plaintext scratch file."""
    from nkcase.exchange.copy import copy_at_level
    from nkcase.exchange.merge import merge_casebooks
    from nkcase.store import open_casebook

    field = w.casebook.path.with_name("fieldwork.nkcase")
    export_copy(w.casebook, field, CasebookKey.new(PASSPHRASE))
    with open_casebook(field, passphrase=PASSPHRASE) as copy:
        entities.create_entity(copy, "Person", "Ra Kyong-su of Tran Hung Dao")
        entities.add_note(copy, w.ids["company"], "KESTREL debrief says Harbour Star")
        assert merge_casebooks(w.casebook, copy) is not None
    copy_at_level(w.casebook, w.casebook.path.with_name("internal-copy.nkcase"), "internal",
                  passphrase="a passphrase for the level copy")


def step_rekey(w: Work) -> None:
    encrypt_in_place(w.casebook, CasebookKey.new("the new passphrase after the border"))


def step_log(w: Work) -> None:
    # A message with case data, as SQLAlchemy's carry the statement's parameters (the
    # traceback shows the line that raised, so the message is made elsewhere).
    message = f"failed on {SECRETS[1]} ({SECRETS[5]}) of {SECRETS[0]}"
    try:
        raise RuntimeError(message)
    except RuntimeError as err:
        log = log_unexpected(err)
    logged = log.read_text(encoding="utf-8")
    assert "RuntimeError" in logged and "test_no_plaintext_left.py" in logged


STEPS: dict[str, Callable[[Work], None]] = {
    "import": step_import,
    "entities and quotes": step_entities_and_quotes,
    "search": step_search,
    "dossier export": step_dossier,
    "copy": step_copy,
    "merge": step_merge,
    "rekey": step_rekey,
    "log": step_log,
}


def test_no_plaintext_in_any_file_written_while_working(work: Work) -> None:
    wal = work.casebook.path.with_name(work.casebook.path.name + "-wal")
    wal_scanned = 0
    for name, step in STEPS.items():
        step(work)
        assert work.scan() == {}, f"plaintext on disk after {name}"
        wal_scanned = max(wal_scanned, wal.stat().st_size if wal.exists() else 0)
    assert wal_scanned > 0  # the open casebook's WAL, full of the steps' writes, was scanned
    # From Python nkcase wrote only the log and, to overwrite the replaced file's bytes after
    # the rekey, the casebook itself; every other file there is SQLite's (scanned above).
    opened = set(_OPENED)
    path = work.casebook.path
    lock = path.with_name(path.name + ".lock")
    log = next(work.watched[2].rglob("nkcase.log"))
    # the merge step opens its fieldwork copy and writes a copy at a level: their lock files
    others = [path.with_name(f"{n}.nkcase.lock") for n in ("fieldwork", "internal-copy")]
    allowed = {p.resolve() for p in (path, lock, log, *others)}
    assert opened <= allowed, f"unexpected files: {sorted(opened - allowed)}"
    work.casebook.close()
    assert work.scan() == {}


def test_the_scan_finds_what_a_plain_casebook_leaves(tmp_path: Path) -> None:
    """The scanner itself works: a plain casebook shows the same names in its file."""
    book = create_casebook(tmp_path / "plain.nkcase")
    note = make_text(tmp_path / "docs" / "kestrel.txt", FIELD_NOTE, "utf-8")
    korean = make_text(tmp_path / "docs" / "sonamu.txt", KOREAN_NOTE, "euc-kr")
    with book:
        for path in (note, korean):
            sources.import_file(book, path)
    assert set(plaintext_in(tmp_path / "plain.nkcase")) >= {"Ra Kyong-su", "라경수"}
