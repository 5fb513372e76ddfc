"""Decisions on a merge's questions as a JSON file: ``{"decisions": {question id: choice}}``.

``nkcase merge --dry-run --decisions-template FILE`` writes every question with its choices
and both sides; a person fills in ``choice`` and passes the file back with ``--decisions``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nkcase.errors import UsageError
from nkcase.exchange.merge.plan_data import MergePlan


def decisions_template(plan: MergePlan) -> dict[str, Any]:
    """Every question of ``plan`` with an empty choice to fill in."""
    return {
        "decisions": {q.id: None for q in plan.questions},
        "questions": [
            {"id": q.id, "kind": q.kind, "title": q.title, "choices": list(q.choices),
             "here": q.here, "there": q.there, "base": q.base, "detail": q.detail}
            for q in plan.questions
        ],
    }


def load_decisions(path: Path) -> dict[str, str]:
    """The decisions in ``path`` (a template filled in, or a plain ``{id: choice}`` object)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise UsageError(f"cannot read the decisions file {path}: {err.strerror or err}") from None
    except ValueError as err:
        raise UsageError(f"the decisions file {path} is not JSON: {err}") from None
    if isinstance(data, dict) and isinstance(data.get("decisions"), dict):
        data = data["decisions"]
    if not isinstance(data, dict):
        raise UsageError(f"the decisions file {path} must hold an object of question id: choice")
    return {str(k): str(v) for k, v in data.items() if v is not None}
