"""Entities made separately for the same subject on the two sides, proposed as duplicates.

An entity of theirs that comes across new is screened against our entities with the screening
matcher (:mod:`nkcase.screening.matching`: names across scripts and romanisations — Hangul,
McCune–Reischauer, Revised Romanisation —, identifiers such as IMO numbers, with the schema and
countries as qualifiers), our entities standing in for list records. A pair scoring at the
screening threshold becomes a question "combine or keep separate"; nothing is combined without
that decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from nkcase.exchange.merge.plan_data import Question
from nkcase.screening.matching import DEFAULT_THRESHOLD
from nkcase.screening.matching.index import RecordIndex
from nkcase.screening.records import ListRecord
from nkcase.services.screening_inputs import entity_subjects

if TYPE_CHECKING:
    from nkcase.exchange.merge.plan import _Planner

COMBINE = "combine"
SEPARATE = "separate"


def propose_duplicates(planner: _Planner) -> list[Question]:
    """Questions for the entities coming across that look like one of ours."""
    incoming = [r["id"] for r in planner.plan.inserts.get("entity", [])]
    if not incoming:
        return []
    ours = entity_subjects(planner.target, None)
    if not ours:
        return []
    records = {
        number: ListRecord(s.key, s.schema, s.names, birth_dates=s.birth_dates,
                           countries=s.countries, identifiers=s.identifiers)
        for number, s in enumerate(ours)
    }

    def fetch(ids: Sequence[int]) -> Mapping[int, ListRecord]:
        return {i: records[i] for i in ids if i in records}

    index = RecordIndex.build(records.items(), fetch)
    questions = []
    for subject in entity_subjects(planner.other, incoming):
        for hit in index.search(subject, threshold=DEFAULT_THRESHOLD, limit=3):
            here = planner.here["entity"][(hit.record.record_key,)]
            there = planner.there["entity"][(subject.key,)]
            questions.append(Question(
                id=f"same:{hit.record.record_key}:{subject.key}",
                kind="duplicate",
                table="entity",
                title=f"{there['schema']} “{there['caption']}” may be "
                      f"{here['schema']} “{here['caption']}”",
                here={"caption": here["caption"], "schema": here["schema"],
                      "names": [n.full for n in hit.record.names]},
                there={"caption": there["caption"], "schema": there["schema"],
                       "names": [n.full for n in subject.names]},
                base=None,
                choices=(COMBINE, SEPARATE),
                detail=f"score {hit.match.score:.2f}: {hit.match.explanation}",
            ))
    return questions
