"""Merging another casebook into this one, with nothing lost (docs/merge.md).

The public API, small on purpose (the team store's check-in calls it with a PostgreSQL target):

- :func:`plan_merge` ``(target_session, other_session, decisions=None) -> MergePlan``: what
  would come across, what is unified, the :class:`Question` s a person must answer;
- :func:`apply_merge` ``(casebook, plan, decisions) -> Change | None``: one operation (one
  audit event, one undo step); None when there was nothing to bring across;
- :func:`describe` ``(plan)``: counts per table, for ``--dry-run`` and the dialog;
- :func:`load_decisions` / :func:`decisions_template`: decisions as JSON.
"""

from nkcase.exchange.merge.apply import MERGE_ACTION, apply_merge, merge_casebooks
from nkcase.exchange.merge.decisions import decisions_template, load_decisions
from nkcase.exchange.merge.plan import plan_merge
from nkcase.exchange.merge.plan_data import MergePlan, Question, describe

__all__ = [
    "MERGE_ACTION",
    "MergePlan",
    "Question",
    "apply_merge",
    "decisions_template",
    "describe",
    "load_decisions",
    "merge_casebooks",
    "plan_merge",
]
