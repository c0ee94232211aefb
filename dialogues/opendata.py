"""Open data of the commitments made at dialogues: one record per commitment.

The tracker's CSV and JSON (`…/theo-doi-cam-ket/?format=csv|json`) write the record's first
columns; the API (`/api/v2/commitments/`, `dialogues.api`) serves all of it, with the dated
progress updates. Only what the dialogue's page shows.
"""

from django.utils import timezone


def commitment_record(commitment, today):
    """A commitment of a public dialogue as open data (its dialogue must be a DialoguePage)."""
    dialogue = commitment.dialogue
    return {
        "id": commitment.pk,
        "commitment": commitment.text,
        "agency": commitment.agency.name if commitment.agency_id else "",
        "deadline": commitment.deadline.isoformat(),
        "status": commitment.status,
        "overdue": commitment.is_overdue_on(today),
        "done_on": commitment.done_on.isoformat() if commitment.done_on else "",
        "reason": commitment.reason if commitment.cannot_be_done else "",
        "status_changed_on": commitment.status_changed_on.isoformat() if commitment.status_changed_on else "",
        "dialogue_id": commitment.dialogue_id,
        "dialogue": dialogue.title,
        "dialogue_date": timezone.localdate(dialogue.held_at).isoformat(),
        "url": dialogue.full_url,
    }


def progress_record(update):
    """A dated progress update, with the address of its evidence document if it has one."""
    evidence = update.evidence
    return {
        "date": update.date.isoformat(),
        "text": update.text,
        "evidence_url": evidence.url if evidence else "",
    }
