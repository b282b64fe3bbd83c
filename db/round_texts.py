"""The round report's chapters written by the secretariat: the latest text per chapter, every version, and
saving a new version with its audit row (queries and writes; the caller owns the transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, ReportingRound, RoundText, RoundTextVersion
from domain.vocabulary import ROUND_TEXT_KINDS, ROUND_TEXT_LABELS

ENTITY = "Rundetekst"
SOURCES = {"form": "nettskjema", "import": "import"}


@dataclass(frozen=True)
class SavedText:
    """A chapter's latest text; version 0 when it has never been written."""

    kind: str
    text: str
    version: int
    saved_by: str | None = None
    saved_at: datetime | None = None


@dataclass(frozen=True)
class TextVersion:
    kind: str
    version: int
    length: int
    saved_by: str
    saved_at: datetime
    source: str


def lock_round(session: Session, round_id: int) -> None:
    """Serialise saves of one round's texts (a row lock on PostgreSQL; SQLite's writing session holds the
    database's write lock already), so what a save reads stays true until it commits."""
    session.execute(select(ReportingRound.id).where(ReportingRound.id == round_id).with_for_update())


def current_texts(session: Session, *, round_id: int) -> dict[str, SavedText]:
    """Every chapter of the round, in the report's order, with its latest text (empty when none)."""
    rows = {r.kind: r for r in session.scalars(select(RoundText).filter_by(round_id=round_id))}
    who = {
        (v.kind, v.version): v
        for v in session.scalars(
            select(RoundTextVersion).where(
                RoundTextVersion.round_id == round_id,
                RoundTextVersion.kind.in_(list(rows)),
            )
        )
        if v.version == rows[v.kind].version
    }
    texts = {}
    for chapter in ROUND_TEXT_KINDS:
        row = rows.get(chapter.key)
        if row is None:
            texts[chapter.key] = SavedText(chapter.key, "", 0)
            continue
        saved = who.get((row.kind, row.version))
        texts[chapter.key] = SavedText(
            row.kind, row.text, row.version, saved.saved_by if saved else None, saved.saved_at if saved else None
        )
    return texts


def version_text(session: Session, *, round_id: int, kind: str, version: int) -> str | None:
    """The text of one version of a chapter ('' for version 0, None when there is no such version)."""
    if version == 0:
        return ""
    return session.scalars(
        select(RoundTextVersion.text).filter_by(round_id=round_id, kind=kind, version=version)
    ).one_or_none()


def versions(session: Session, *, round_id: int, limit: int = 200) -> list[TextVersion]:
    """The round's saved versions, newest first (the texts themselves are not read)."""
    query = (
        select(
            RoundTextVersion.kind,
            RoundTextVersion.version,
            func.length(RoundTextVersion.text),
            RoundTextVersion.saved_by,
            RoundTextVersion.saved_at,
            RoundTextVersion.source,
        )
        .where(RoundTextVersion.round_id == round_id)
        .order_by(RoundTextVersion.saved_at.desc(), RoundTextVersion.id.desc())
        .limit(limit)
    )
    return [TextVersion(*row) for row in session.execute(query)]


def record_version(
    session: Session,
    *,
    round_id: int,
    kind: str,
    text: str,
    actor: str,
    source: str,
    import_id: int | None = None,
) -> int:
    """Save ``text`` as the chapter's next version, make it the one the documents print, and log who saved
    which chapter. Returns the new version number. Two saves of the same next version cannot both commit
    (``uq_round_text_version_round_id``)."""
    row = session.scalars(select(RoundText).filter_by(round_id=round_id, kind=kind)).one_or_none()
    latest = session.scalar(select(func.max(RoundTextVersion.version)).filter_by(round_id=round_id, kind=kind)) or 0
    previous = row.version if row is not None else 0
    number = max(previous, latest) + 1
    session.add(
        RoundTextVersion(round_id=round_id, kind=kind, version=number, text=text, saved_by=actor, source=source)
    )
    if row is None:
        session.add(RoundText(round_id=round_id, kind=kind, text=text, version=number, source_import_id=import_id))
    else:
        row.text, row.version, row.source_import_id = text, number, import_id
    session.add(
        AuditEntry(
            actor=actor,
            action="rundetekst lagret" if source == "form" else "rundetekst importert",
            round_id=round_id,
            entity=ENTITY,
            entity_key=ROUND_TEXT_LABELS[kind],
            before=f"versjon {previous}" if previous else None,
            after=f"versjon {number}, {len(text)} tegn",
            source=SOURCES[source],
        )
    )
    session.flush()
    return number
