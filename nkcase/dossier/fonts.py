"""Finding, checking and registering the TrueType fonts a dossier needs.

ReportLab has no font fallback: a character missing from the current font comes out as a box
(or nothing). So nkcase decides per character which font draws it. This module knows the fonts:
where they are (bundled ``resources/fonts`` first, then the usual system folders), which
characters each covers (from its ``cmap``, read once with fontTools and cached), and which of
them ReportLab can embed (TrueType outlines only: ReportLab refuses CFF-flavoured OpenType such
as Noto CJK, so those are skipped). :mod:`nkcase.dossier.textruns` uses it to split text, and
:mod:`nkcase.dossier.chainfont` to draw mixed-script text as one ReportLab font.

Each *role* (regular, bold, italic, mono) has a chain of preferred faces: DejaVu Sans for Latin,
Cyrillic, Greek, Arabic and Hebrew letters; NanumGothic for Hangul and the Hanja it carries. A
character none of them covers is looked up, lazily and once, in every other TrueType face found.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fontTools.ttLib import TTCollection, TTFont, TTLibError
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

from nkcase.dossier.chainfont import ChainFont

Role = Literal["regular", "bold", "italic", "mono"]
ROLES: tuple[Role, ...] = ("regular", "bold", "italic", "mono")

FONT_SUFFIXES = (".ttf", ".ttc", ".otf")

BUNDLED_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
"""resources/fonts in a source checkout; a wheel or PyInstaller build puts it beside the package."""

PREFERRED: dict[Role, tuple[str, ...]] = {
    "regular": ("DejaVuSans.ttf", "NanumGothic.ttf"),
    "bold": ("DejaVuSans-Bold.ttf", "NanumGothicBold.ttf", "DejaVuSans.ttf", "NanumGothic.ttf"),
    "italic": ("DejaVuSans-Oblique.ttf", "DejaVuSans.ttf", "NanumGothic.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSans.ttf", "NanumGothic.ttf"),
}
"""File names tried, in order, for each role; the first one found is the role's base font."""

_library_ids = itertools.count(1)

_STYLED = re.compile(r"bold|italic|oblique|light|thin|black|heavy|condensed", re.IGNORECASE)


def _winansi(cp: int) -> bool:
    """True when a PDF base-14 font (WinAnsiEncoding) can draw the code point."""
    try:
        chr(cp).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return cp >= 0x20


def bundled_font_dirs() -> list[Path]:
    """Folders holding fonts shipped with nkcase (source tree, wheel, PyInstaller bundle)."""
    here = Path(__file__).resolve().parent
    candidates = [BUNDLED_DIR, here.parent / "resources" / "fonts"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources" / "fonts")
    seen: list[Path] = []
    for c in candidates:
        if c.is_dir() and c not in seen:
            seen.append(c)
    return seen


def system_font_dirs() -> list[Path]:
    """The usual per-platform font folders that exist on this machine."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library" / "Fonts",
    ]
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    dirs.append(Path(windir) / "Fonts" if windir else Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [d for d in dirs if d.is_dir()]


@dataclass(frozen=True, slots=True)
class FontFace:
    """One embeddable face: a .ttf file or one member of a .ttc collection."""

    path: Path
    index: int
    """Sub-font index inside a .ttc (0 for a plain .ttf)."""

    @property
    def rl_name(self) -> str:
        """The name the face is registered under with ReportLab (stable, ASCII)."""
        stem = re.sub(r"[^A-Za-z0-9_-]", "", self.path.stem) or "font"
        return f"nk-{stem}" + (f"-{self.index}" if self.index else "")

    @property
    def label(self) -> str:
        """Human-readable name for messages."""
        return self.path.name + (f"#{self.index}" if self.index else "")


def _scan(dirs: list[Path]) -> list[Path]:
    """All font files under ``dirs``, in folder order then sorted path order (deterministic)."""
    found: list[Path] = []
    seen: set[str] = set()
    for d in dirs:
        files: list[Path] = []
        for root, _subdirs, names in os.walk(d):
            files.extend(Path(root) / n for n in names if n.lower().endswith(FONT_SUFFIXES))
        for f in sorted(files):
            key = str(f.resolve())
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found


class FontLibrary:
    """The fonts available to dossiers, with cached coverage and lazy fallback search.

    Thread-safe for the reads the renderer does; one instance per process is enough (see
    :func:`default_library`). Tests build their own with chosen folders.
    """

    def __init__(self, dirs: list[Path] | None = None) -> None:
        self.dirs = dirs if dirs is not None else bundled_font_dirs() + system_font_dirs()
        self._files = _scan(self.dirs)
        self._lock = threading.RLock()
        self._coverage: dict[FontFace, frozenset[int]] = {}
        self._bad: set[FontFace] = set()
        self._registered: set[str] = set()
        self._fallback: dict[int, FontFace | None] = {}
        self._choice: dict[tuple[int, Role], str | None] = {}
        self._others: list[FontFace] | None = None
        self._chain_fonts: dict[Role, str] = {}
        self._plain_chars: dict[Role, frozenset[str]] = {}
        self._id = next(_library_ids)
        by_name: dict[str, Path] = {}
        for f in self._files:
            by_name.setdefault(f.name.lower(), f)
        self.chains: dict[Role, list[FontFace]] = {}
        for role in ROLES:
            chain: list[FontFace] = []
            for name in PREFERRED[role]:
                path = by_name.get(name.lower())
                face = FontFace(path, 0) if path else None
                if face and face not in chain and self._usable(face):
                    chain.append(face)
            self.chains[role] = chain

    # -- coverage -----------------------------------------------------------------------------

    def coverage(self, face: FontFace) -> frozenset[int]:
        """Code points the face maps to a glyph (empty for faces ReportLab cannot embed)."""
        with self._lock:
            cov = self._coverage.get(face)
            if cov is None:
                cov = self._read_coverage(face)
                self._coverage[face] = cov
            return cov

    def _read_coverage(self, face: FontFace) -> frozenset[int]:
        try:
            font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        except (TTLibError, OSError, ValueError, AssertionError):
            self._bad.add(face)
            return frozenset()
        try:
            if "glyf" not in font or "CFF " in font or "CFF2" in font:
                self._bad.add(face)  # ReportLab embeds TrueType outlines only
                return frozenset()
            cmap = font.getBestCmap() or {}
            return frozenset(cmap)
        except Exception:  # a damaged table in a third-party font must not stop an export
            self._bad.add(face)
            return frozenset()
        finally:
            font.close()

    def _usable(self, face: FontFace) -> bool:
        return bool(self.coverage(face)) and self.register(face) is not None

    # -- registration -------------------------------------------------------------------------

    def register(self, face: FontFace) -> str | None:
        """Register the face with ReportLab once; None if ReportLab refuses it."""
        name = face.rl_name
        with self._lock:
            if name in self._registered:
                return name
            if face in self._bad:
                return None
            try:
                pdfmetrics.getFont(name)
            except KeyError:
                try:
                    pdfmetrics.registerFont(RLTTFont(name, str(face.path), subfontIndex=face.index))
                except (TTFError, OSError, ValueError, KeyError, AssertionError):
                    self._bad.add(face)
                    return None
            self._registered.add(name)
            return name

    # -- choosing -----------------------------------------------------------------------------

    def covers_ascii(self, role: Role) -> bool:
        """True when the role's base font draws all printable ASCII (the fast path of markup)."""
        chain = self.chains.get(role)
        return (
            chain is not None
            and bool(chain)
            and all(cp in self.coverage(chain[0]) for cp in range(0x20, 0x7F))
        )

    def plain_chars(self, role: Role) -> frozenset[str]:
        """Characters the role's base font draws that need no special handling (no control
        characters, no right-to-left letters): text made only of them is one run in that font."""
        with self._lock:
            chars = self._plain_chars.get(role)
            if chars is None:
                chain = self.chains.get(role)
                cover = self.coverage(chain[0]) if chain else frozenset()
                chars = frozenset(
                    ch
                    for ch in map(chr, cover)
                    if unicodedata.category(ch) not in ("Cc", "Cs")
                    and unicodedata.bidirectional(ch) not in ("R", "AL")
                )
                self._plain_chars[role] = chars
            return chars

    def base_font(self, role: Role) -> str:
        """ReportLab name of the role's first font (Helvetica if no TrueType font was found)."""
        chain = self.chains.get(role) or self.chains.get("regular")
        if chain:
            return chain[0].rl_name
        return {"bold": "Helvetica-Bold", "italic": "Helvetica-Oblique", "mono": "Courier"}.get(
            role, "Helvetica"
        )

    def font_for(self, cp: int, role: Role) -> str | None:
        """ReportLab name of the font that draws code point ``cp`` in ``role``, or None."""
        key = (cp, role)
        try:
            return self._choice[key]
        except KeyError:
            pass
        choice = self._choose(cp, role)
        self._choice[key] = choice
        return choice

    def _choose(self, cp: int, role: Role) -> str | None:
        for face in self.chains[role]:
            if cp in self.coverage(face):
                return face.rl_name
        if role != "regular":
            for face in self.chains["regular"]:
                if cp in self.coverage(face):
                    return face.rl_name
        fallback = self._fallback_face(cp)
        if fallback is not None:
            return fallback.rl_name
        if not self.chains[role] and _winansi(cp):
            return self.base_font(role)  # PDF base-14 fonts: Latin-1 only, but better than none
        return None

    def _fallback_face(self, cp: int) -> FontFace | None:
        with self._lock:
            if cp in self._fallback:
                return self._fallback[cp]
            choice: FontFace | None = None
            for face in self._other_faces():
                if cp in self.coverage(face) and self.register(face):
                    choice = face
                    break
            self._fallback[cp] = choice
            return choice

    def _other_faces(self) -> list[FontFace]:
        """Every face not in a chain; plain (non-bold, non-italic) faces first."""
        if self._others is None:
            chained = {f for chain in self.chains.values() for f in chain}
            faces: list[FontFace] = []
            for path in self._files:
                if path.suffix.lower() == ".ttc":
                    try:
                        count = len(TTCollection(str(path), lazy=True).fonts)
                    except (TTLibError, OSError, ValueError, AssertionError):
                        continue
                    faces.extend(FontFace(path, i) for i in range(count))
                else:
                    faces.append(FontFace(path, 0))
            faces = [f for f in faces if f not in chained]
            faces.sort(key=lambda f: bool(_STYLED.search(f.path.stem)))  # stable: keeps order
            self._others = faces
        return self._others

    def chain_font(self, role: Role) -> str | None:
        """ReportLab name of a :class:`~nkcase.dossier.chainfont.ChainFont` drawing each
        character of ``role`` in the font :meth:`font_for` picks (registered on first use);
        None without TrueType fonts."""
        with self._lock:
            name = self._chain_fonts.get(role)
            if name is None:
                base = pdfmetrics.getFont(self.base_font(role))
                if not getattr(base, "_dynamicFont", False):
                    return None  # PDF base-14 fallback: keep plain <font> runs
                name = f"nk-chain{self._id}-{role}"
                pdfmetrics.registerFont(ChainFont(name, base, self, role))
                self._chain_fonts[role] = name
            return name

    def registered_fonts(self) -> list[str]:
        """Names of the faces registered so far (those a dossier may embed)."""
        with self._lock:
            return sorted(self._registered)


_default: FontLibrary | None = None
_default_lock = threading.Lock()


def default_library() -> FontLibrary:
    """The process-wide library over bundled and system fonts, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = FontLibrary()
        return _default
