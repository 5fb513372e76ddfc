"""Named features: what the matcher found, in words a person can check.

A score is never shown alone: each candidate carries the features it was built from, e.g.
``family name Ri ≈ Lee (romanisation)`` or ``born 1964 ≠ 1971``. ``relation`` is one of

- ``=``: the same once case, spaces and hyphens are set aside ("Won-ho = Wonho");
- ``≈``: the same under a rule named in ``how`` (romanisation, Hangul, spelling...);
- ``≠``: different; ``+``: a part only one side has (``query`` or ``record`` is "").

``effect`` is what the feature added to (or took from) the score; name parts carry their share
of the name score in ``score`` and ``weight``.
"""

from __future__ import annotations

from dataclasses import dataclass

EQUAL = "="
SIMILAR = "≈"
DIFFERENT = "≠"
EXTRA = "+"


@dataclass(frozen=True, slots=True)
class Feature:
    """One reason behind a score."""

    label: str  # "family name", "given name", "name", "identifier", "born", "nationality"...
    query: str  # the screened side's value, as written
    record: str  # the list record's value, as written
    relation: str  # "=", "≈", "≠", "+"
    how: str = ""  # "romanisation", "Hangul (RR jeongeun, MR chŏngŭn)", "spelling", "order"...
    score: float = 1.0  # how well this part agrees, 0..1
    weight: float = 0.0  # its weight in the name score (name parts), else 0
    effect: float = 0.0  # what it added to the final score (qualifiers, identifiers)

    @property
    def text(self) -> str:
        """The feature as one phrase: "family name Ri ≈ Lee (romanisation)"."""
        if self.relation == EXTRA:
            side = self.query or self.record
            owner = "screened name" if self.query else "list name"
            body = f"{self.label} {side} only in the {owner}"
        else:
            body = f"{self.label} {self.query} {self.relation} {self.record}"
        if self.how:
            body += f" ({self.how})"
        if self.effect:
            body += f" [{self.effect:+.2f}]"
        return body

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "query": self.query,
            "record": self.record,
            "relation": self.relation,
            "how": self.how,
            "score": round(self.score, 3),
            "weight": round(self.weight, 3),
            "effect": round(self.effect, 3),
            "text": self.text,
        }


def explain(features: tuple[Feature, ...] | list[Feature]) -> str:
    """All features as one line: "family name Ri ≈ Lee (romanisation) · given name ..."."""
    return " · ".join(f.text for f in features)
