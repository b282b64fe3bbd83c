"""The round report's own chapters (forord, innledning, utfordringer, erfaringer, annerledes, oppsummering): the
secretariat writes and edits them; everyone who may read the portfolio reads what is saved.

Each save of a changed chapter is a new version (``db.round_texts``), and each carries the version the writer
started from: when someone else saved the chapter since, the save is refused with who and when, and nothing is
written (optimistic concurrency; the page offers the latest version). The round's documents print the latest
version of each chapter (``services.documents``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from db import round_texts as data
from db.page_queries import RoundChoice, round_choices
from db.queries import SchemeChoice, find_round
from domain.formatting import format_local_time
from domain.problems import Problem, Refused
from domain.validation import TEXT_MAX_LENGTH, check_text
from domain.vocabulary import NARRATIVE_LABELS, ROUND_TEXT_CHAPTER, ROUND_TEXT_KINDS
from services import authz
from services.context import Context, Outcome, refusable


@dataclass(frozen=True)
class ChapterText:
    key: str
    heading: str
    text: str
    version: int
    saved_by: str | None
    saved_at: datetime | None
    from_projects: str | None
    """The leaders' own texts the report prints under this chapter ('Erfaringer'), if any."""


@dataclass(frozen=True)
class RoundTexts:
    round_id: int
    chapters: list[ChapterText]
    versions: list[data.TextVersion]

    @property
    def based_on(self) -> dict[str, int]:
        """The versions a form showing these texts is based on, by chapter."""
        return {c.key: c.version for c in self.chapters}


@dataclass(frozen=True)
class RoundTextsPage:
    scheme_id: int | None
    choices: list[SchemeChoice]
    rounds: list[RoundChoice]
    round_name: str | None = None
    texts: RoundTexts | None = None
    may_edit: bool = False
    max_length: int = TEXT_MAX_LENGTH
    actor: str = ""


def _texts(session, round_id: int) -> RoundTexts:
    saved = data.current_texts(session, round_id=round_id)
    chapters = [
        ChapterText(
            c.key,
            c.heading,
            saved[c.key].text,
            saved[c.key].version,
            saved[c.key].saved_by,
            saved[c.key].saved_at,
            NARRATIVE_LABELS[c.from_projects] if c.from_projects else None,
        )
        for c in ROUND_TEXT_KINDS
    ]
    return RoundTexts(round_id, chapters, data.versions(session, round_id=round_id))


def round_texts_page(ctx: Context, *, round_name: str | None, scheme: object) -> RoundTextsPage:
    """The page: the scheme's rounds and the chosen round's chapters (the latest round when none is named)."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen = authz.visible_scheme(session, ctx.identity, scheme)
        choices = authz.scheme_choices(session, ctx.identity)
        if chosen is None:
            return RoundTextsPage(None, choices, [], actor=ctx.actor)
        round_ = find_round(
            session=session, scheme_id=chosen.id, name=round_name if isinstance(round_name, str) else None
        )
        return RoundTextsPage(
            chosen.id,
            choices,
            round_choices(session=session, scheme_id=chosen.id),
            round_.name if round_ else None,
            _texts(session, round_.id) if round_ else None,
            authz.allowed(ctx.identity, authz.ADMIN),
            actor=ctx.actor,
        )


@refusable
def latest(ctx: Context, *, round_id: object) -> Outcome[RoundTexts]:
    """The round's latest saved texts and versions (what «Last inn siste versjon» shows)."""
    with ctx.db.read() as session:
        round_ = authz.require_round(session, ctx.identity, authz.READ, round_id)
        texts = _texts(session, round_.id)
    return Outcome(texts, "Siste lagrede versjon er lastet inn.")


def _when(value: datetime | None) -> str:
    return format_local_time(value) if value else "tidligere"


def _read_form(texts: object, based_on: object) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """The submitted chapters as (clean text, version it is based on), and every problem with its field."""
    if not isinstance(texts, dict) or not isinstance(based_on, dict):
        return {}, [Problem.general("Skjemaet kom ikke fram slik det skulle; last inn siden på nytt og prøv igjen.")]
    wanted, problems = {}, []
    for key in texts:
        if key not in ROUND_TEXT_CHAPTER:
            problems.append(Problem.general(f"Ukjent kapittel «{str(key)[:40]}»; ingenting er lagret."))
    for chapter in ROUND_TEXT_KINDS:
        if chapter.key not in texts:
            continue
        text, error = check_text(texts[chapter.key], chapter.label)
        base = based_on.get(chapter.key)
        version = base if isinstance(base, int) and not isinstance(base, bool) and 0 <= base < 10**9 else None
        if error:
            problems.append(Problem.in_field(chapter.key, chapter.label, error))
        elif version is None:
            problems.append(
                Problem.in_field(
                    chapter.key,
                    chapter.label,
                    f"{chapter.label}: det er ukjent hvilken versjon teksten bygger på; last inn siste versjon.",
                )
            )
        else:
            wanted[chapter.key] = (text, version)
    return wanted, problems


@dataclass(frozen=True)
class Saved:
    versions: dict[str, int] = field(default_factory=dict)
    """The new version of each chapter that was saved."""
    based_on: dict[str, int] = field(default_factory=dict)
    """The version each submitted chapter's text now is (saved now, or already the latest); a chapter left
    untouched keeps the version it was based on."""


@refusable
def save_texts(ctx: Context, *, round_id: object, texts: object, based_on: object) -> Outcome[Saved]:
    """Save every chapter whose text differs from the version it was based on, as that chapter's next version.
    Refused (nothing written) when a text is not acceptable, or when a changed chapter has been saved by
    someone else since its base version."""
    authz.require(ctx.identity, authz.ADMIN)
    wanted, problems = _read_form(texts, based_on)
    if problems:
        return Outcome.from_problems(problems)

    def work(session) -> Saved:
        round_ = authz.require_round(session, ctx.identity, authz.ADMIN, round_id)
        data.lock_round(session, round_.id)
        current = data.current_texts(session, round_id=round_.id)
        changed, stale, in_step = {}, [], {}
        for key, (text, base) in wanted.items():
            saved = current[key]
            if text == saved.text:
                in_step[key] = saved.version  # already the latest text
                continue
            if text == data.version_text(session, round_id=round_.id, kind=key, version=base):
                continue  # untouched since the version the form showed
            if base != saved.version:
                chapter = ROUND_TEXT_CHAPTER[key]
                stale.append(
                    Problem.in_field(
                        key,
                        chapter.label,
                        f"{chapter.label} er lagret av {saved.saved_by or 'en annen'} {_when(saved.saved_at)} "
                        f"(versjon {saved.version}) etter versjonen du tok utgangspunkt i (versjon {base}). "
                        "Kopier teksten din, trykk «Last inn siste versjon» og gjør endringen på nytt.",
                    )
                )
            changed[key] = text
        if stale:
            raise Refused(stale[0].message, problems=stale)
        written = {
            key: data.record_version(session, round_id=round_.id, kind=key, text=text, actor=ctx.actor, source="form")
            for key, text in changed.items()
        }
        return Saved(written, {**in_step, **written})

    saved = ctx.db.write_with_retry(work)
    if not saved.versions:
        return Outcome(saved, "Ingen endringer å lagre.")
    names = ", ".join(f"{ROUND_TEXT_CHAPTER[k].label} (versjon {v})" for k, v in saved.versions.items())
    return Outcome(saved, f"Lagret: {names}.")
