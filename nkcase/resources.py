"""Locate the data files nkcase ships (word lists, fonts...).

The files live in the repository's top-level ``resources/`` folder; the wheel build copies that
folder to ``nkcase/resources`` (see ``force-include`` in pyproject.toml). Looking in both places
lets the same code run from an installed wheel, a frozen app and a source checkout.
"""

from __future__ import annotations

from pathlib import Path

import nkcase


def resource_path(*parts: str) -> Path:
    """Return the path of a resource file, e.g. ``resource_path("wordlists", "en.tsv.gz")``.

    Raises FileNotFoundError naming the places searched when the file is in none of them, so a
    broken installation is reported clearly instead of failing later.
    """
    package_dir = Path(nkcase.__file__).resolve().parent
    candidates = [
        package_dir / "resources" / Path(*parts),
        package_dir.parent / "resources" / Path(*parts),
    ]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"resource {'/'.join(parts)} not found (searched {searched})")
