"""``nkcase check``: is the casebook whole? The store's integrity, references, the audit chain."""

from __future__ import annotations

from nkcase.services.audit import verify_chain
from nkcase.services.bulk import verify_bulk_events
from nkcase.store import Casebook

REQUIRED_TRIGGERS = {"audit_event_no_update", "audit_event_no_delete"}


def check_casebook(casebook: Casebook) -> list[str]:
    """Every problem found, one readable line each; an empty list means all checks hold."""
    provider = casebook.provider
    problems = provider.integrity_problems(casebook.engine)
    missing = REQUIRED_TRIGGERS - provider.trigger_names(casebook.engine)
    if missing:
        problems.append(
            "the audit log's append-only guard was removed (" + ", ".join(sorted(missing)) + ")"
        )
    problems.extend(verify_chain(casebook.engine))
    problems.extend(verify_bulk_events(casebook.engine))
    from nkcase.exchange.merge.chains import verify_merged_chains

    problems.extend(verify_merged_chains(casebook.engine))
    return problems
