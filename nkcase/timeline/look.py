"""How timeline items look, in one place for the screen, the exports and the dossier."""

from __future__ import annotations

KIND_COLOURS: dict[str, tuple[str, str]] = {
    "event": ("#b35c00", "#f3d9bd"),
    "relationship": ("#2f5d8a", "#cfdeee"),
    "fact": ("#2e6b34", "#d3e8d5"),
    "source": ("#6b6b6b", "#e2e2e2"),
}
"""Kind → (strong colour, pale colour for uncertain periods)."""
