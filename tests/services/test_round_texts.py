"""The round report's own chapters: the secretariat writes them with versions and audit rows, a save based on a
stale version is refused, only the secretariat writes, hostile values are refused in Norwegian, and a new round's
report prints the secretariat's texts and the leaders' approved texts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import func, select

from db.models import AuditEntry, Project, RoundText, RoundTextVersion
from db.session import read_session
from domain.identity import Identity
from domain.vocabulary import (
    FROM_PROJECTS_HEADING,
    NOT_WRITTEN,
    NOT_WRITTEN_BY_SECRETARIAT,
    ROUND_TEXT_CHAPTER,
    ROUND_TEXT_KINDS,
)
from services import documents, reporting, rounds
from services import round_texts as service
from tests.conftest import READER, SECRETARIAT, context, import_file, snapshot

SPRING = "Vår 2026"
TODAY = date(2026, 4, 1)
ELD = "15266"


def _ctx(url, identity=SECRETARIAT):
    return context(url, today=TODAY).acting_as(identity)


@pytest.fixture
def spring(loaded_db):
    """The default data plus an open round "Vår 2026", made through the services as the page makes it."""
    ctx = _ctx(loaded_db)
    assert rounds.create_round(ctx, scheme_id=None, name=SPRING, deadline_text="15.04.2026").ok
    page = service.round_texts_page(ctx, round_name=SPRING, scheme=None)
    assert rounds.toggle_open(ctx, round_id=page.texts.round_id).ok
    return loaded_db, page.texts.round_id


def _page(url, identity=SECRETARIAT, round_name=SPRING):
    return service.round_texts_page(_ctx(url, identity), round_name=round_name, scheme=None)


def _save(url, round_id, texts, based_on, identity=SECRETARIAT):
    return service.save_texts(_ctx(url, identity), round_id=round_id, texts=texts, based_on=based_on)


def _version_rows(url) -> int:
    with read_session(url) as s:
        return s.scalar(select(func.count()).select_from(RoundTextVersion))


def test_each_save_is_a_new_version_with_an_audit_row(spring):
    url, round_id = spring
    page = _page(url)
    assert page.may_edit and [c.key for c in page.texts.chapters] == [c.key for c in ROUND_TEXT_KINDS]
    assert page.texts.based_on == {c.key: 0 for c in ROUND_TEXT_KINDS}

    first = _save(url, round_id, {"foreword": "Forord, første utkast.", "summary": ""}, page.texts.based_on)
    assert first.ok, first.problems
    assert first.value.versions == {"foreword": 1}  # an empty chapter that was empty is nothing new
    assert first.message == "Lagret: Forord (versjon 1)."

    second = _save(url, round_id, {"foreword": "Forord, andre utkast.\r\n\r\nNytt avsnitt.  "}, {"foreword": 1})
    assert second.ok and second.value.versions == {"foreword": 2}
    again = _save(url, round_id, {"foreword": "Forord, andre utkast.\n\nNytt avsnitt."}, {"foreword": 2})
    assert again.ok and again.value.versions == {} and again.message == "Ingen endringer å lagre."

    texts = _page(url).texts
    foreword = texts.chapters[0]
    assert (foreword.text, foreword.version, foreword.saved_by) == (
        "Forord, andre utkast.\n\nNytt avsnitt.",
        2,
        SECRETARIAT.display,
    )
    assert [(v.kind, v.version, v.saved_by, v.source) for v in texts.versions] == [
        ("foreword", 2, SECRETARIAT.display, "form"),
        ("foreword", 1, SECRETARIAT.display, "form"),
    ]
    with read_session(url) as s:
        audit = s.scalars(select(AuditEntry).filter_by(round_id=round_id, entity="Rundetekst")).all()
        assert [(a.actor, a.action, a.entity_key, a.before, a.after) for a in audit] == [
            (SECRETARIAT.display, "rundetekst lagret", "Forord", None, "versjon 1, 22 tegn"),
            (SECRETARIAT.display, "rundetekst lagret", "Forord", "versjon 1", "versjon 2, 36 tegn"),
        ]
        assert all(a.at is not None for a in audit)


def test_a_save_based_on_a_stale_version_is_refused_and_the_latest_can_be_loaded(spring):
    url, round_id = spring
    opened = _page(url).texts.based_on  # two people open the page
    other = Identity(None, "kari", "Kari Kollega", "sekretariat")
    assert _save(url, round_id, {"foreword": "Karis forord."}, opened, identity=other).ok

    before = snapshot(url)
    stale = _save(url, round_id, {"foreword": "Mitt forord.", "introduction": "Min innledning."}, opened)
    assert not stale.ok
    assert [(p.field, p.label) for p in stale.problems] == [("foreword", "Forord")]
    message = stale.problems[0].message
    assert "Kari Kollega" in message and "versjon 1" in message and "Last inn siste versjon" in message
    assert snapshot(url) == before  # nothing written, not even the fresh chapter

    untouched = _save(url, round_id, {"foreword": "", "introduction": "Min innledning."}, opened)
    assert untouched.ok and untouched.value.versions == {"introduction": 1}  # the foreword was left as it was
    assert untouched.value.based_on == {"introduction": 1}

    latest = service.latest(_ctx(url), round_id=round_id)
    assert latest.ok and latest.value.based_on["foreword"] == 1
    assert latest.value.chapters[0].text == "Karis forord."
    mine = _save(url, round_id, {"foreword": "Karis forord. Og mitt."}, latest.value.based_on)
    assert mine.ok and mine.value.versions == {"foreword": 2}


def test_only_the_secretariat_writes_and_everyone_reads_the_saved_texts(spring):
    url, round_id = spring
    assert _save(url, round_id, {"summary": "Oppsummert."}, {"summary": 0}).ok
    with read_session(url) as s:
        eld = s.scalars(select(Project.id).filter_by(number=ELD)).one()
    leader = Identity(None, "gunnhild", "Gunnhild Ag", "prosjektleder", frozenset({eld}))
    before = snapshot(url)
    for identity in (leader, READER, None):
        outcome = _save(url, round_id, {"summary": "Endret."}, {"summary": 1}, identity=identity)
        assert not outcome.ok
        assert outcome.problems[0].message in ("Bare sekretariatet kan gjøre dette.", "Du må logge inn.")
    assert snapshot(url) == before
    for identity in (leader, READER):
        page = _page(url, identity)
        assert not page.may_edit
        assert {c.key: c.text for c in page.texts.chapters}["summary"] == "Oppsummert."


LONG = "x" * 20_001


@pytest.mark.parametrize(
    "round_id,texts,based_on,where",
    [
        (None, {"foreword": "Tekst"}, {"foreword": 0}, None),
        ("1 OR 1=1", {"foreword": "Tekst"}, {"foreword": 0}, None),
        (999_999, {"foreword": "Tekst"}, {"foreword": 0}, None),
        (["1"], {"foreword": "Tekst"}, {"foreword": 0}, None),
        ("ROUND", "Tekst", {"foreword": 0}, None),
        ("ROUND", ["Tekst"], {"foreword": 0}, None),
        ("ROUND", {"foreword": "Tekst"}, None, None),
        ("ROUND", {"tittel": "Tekst"}, {"tittel": 0}, None),
        ("ROUND", {"foreword": ["Tekst"]}, {"foreword": 0}, "foreword"),
        ("ROUND", {"introduction": {"a": 1}}, {"introduction": 0}, "introduction"),
        ("ROUND", {"summary": 12}, {"summary": 0}, "summary"),
        ("ROUND", {"challenges": LONG}, {"challenges": 0}, "challenges"),
        ("ROUND", {"experiences": "Nul\x00tegn"}, {"experiences": 0}, "experiences"),
        ("ROUND", {"experiences": "Ensom \ud800 surrogat"}, {"experiences": 0}, "experiences"),
        ("ROUND", {"done_differently": "Tekst"}, {}, "done_differently"),
        ("ROUND", {"done_differently": "Tekst"}, {"done_differently": -1}, "done_differently"),
        ("ROUND", {"done_differently": "Tekst"}, {"done_differently": "0"}, "done_differently"),
        ("ROUND", {"done_differently": "Tekst"}, {"done_differently": True}, "done_differently"),
        ("ROUND", {"done_differently": "Tekst"}, {"done_differently": 10**12}, "done_differently"),
        ("ROUND", {"done_differently": "Tekst"}, {"done_differently": 7}, "done_differently"),
    ],
)
def test_hostile_values_are_refused_in_norwegian_and_nothing_is_written(spring, round_id, texts, based_on, where):
    url, real_round = spring
    before = snapshot(url)
    outcome = _save(url, real_round if round_id == "ROUND" else round_id, texts, based_on)
    assert not outcome.ok
    assert snapshot(url) == before
    problem = outcome.problems[0]
    assert problem.field == where
    if where:
        assert ROUND_TEXT_CHAPTER[where].label in problem.message  # the message names the field
    assert any(word in problem.message for word in ("ikke", "ukjent", "Ukjent", "for lang", "tegn", "lagret av"))


def test_the_length_limit_is_named_in_the_message(spring):
    url, round_id = spring
    outcome = _save(url, round_id, {"challenges": LONG}, {"challenges": 0})
    assert outcome.problems[0].message == "Utfordringer er for lang: 20 001 tegn; høyst 20 000 er tillatt."


def test_imported_texts_are_versions_and_the_same_import_adds_none(loaded_db):
    page = _page(loaded_db, round_name="Høst 2025")
    imported = [c for c in page.texts.chapters if c.text]
    assert imported and all(c.version == 1 for c in imported)
    assert {v.source for v in page.texts.versions} == {"import"}
    count = _version_rows(loaded_db)
    from tests.conftest import DEFAULT_WORKBOOK

    assert import_file(DEFAULT_WORKBOOK, loaded_db).ok
    assert _version_rows(loaded_db) == count
    edited = _save(loaded_db, page.texts.round_id, {"foreword": "Nytt forord."}, page.texts.based_on)
    assert edited.ok and edited.value.versions == {"foreword": 2}
    with read_session(loaded_db) as s:
        row = s.scalars(select(RoundText).filter_by(round_id=page.texts.round_id, kind="foreword")).one()
        assert (row.text, row.version, row.source_import_id) == ("Nytt forord.", 2, None)


SECRETARIAT_TEXTS = {
    "foreword": "Sekretariatets forord for våren 2026.",
    "introduction": "Innledningen skrevet av sekretariatet.",
    "challenges": "Felles utfordringer sett av sekretariatet.",
    "experiences": "Felles erfaringer oppsummert av sekretariatet.",
    "done_differently": "Dette kunne vært gjort annerledes, ifølge sekretariatet.",
    "summary": "Sekretariatets oppsummering av runden.",
}
LEADER_TEXTS = {
    "experiences": "Gunnhilds erfaring: små tester virker.",
    "challenges": "Gunnhilds utfordring: rekruttering.",
    "done_differently": "Gunnhild ville startet ansettelsen tidligere.",
    "self_assessment": "Gunnhilds egenvurdering.",
}


def _approve_with_narratives(url, round_id) -> None:
    with read_session(url) as s:
        eld = s.scalars(select(Project.id).filter_by(number=ELD)).one()
    leader = context(url, Identity(None, "gunnhild", "Gunnhild Ag", "prosjektleder", frozenset({eld})), today=TODAY)
    form = reporting.ReportForm(spent="2 500 000", texts=LEADER_TEXTS)
    sent = reporting.save_form(
        leader, project_id=eld, round_id=round_id, form=form, submit=True, base_version=0, confirmed=True
    )
    assert sent.ok, sent.problems
    approved = reporting.review(_ctx(url), project_id=eld, round_id=round_id, approve=True, reviewed_version=1)
    assert approved.ok, approved.problems


def _paragraphs(url) -> list[str]:
    outcome = documents.generate(context(url, today=TODAY), round_name=SPRING, fmt="docx")
    assert outcome.ok, outcome.problems
    return [p.text for p in Document(io.BytesIO(outcome.value.content)).paragraphs if p.text.strip()]


def test_a_new_rounds_report_prints_the_secretariats_and_the_leaders_texts(spring):
    url, round_id = spring
    saved = _save(url, round_id, SECRETARIAT_TEXTS, dict.fromkeys(SECRETARIAT_TEXTS, 0))
    assert saved.ok, saved.problems
    _approve_with_narratives(url, round_id)

    paragraphs = _paragraphs(url)
    for chapter in ROUND_TEXT_KINDS:
        at = paragraphs.index(chapter.heading)
        assert paragraphs[at + 1] == SECRETARIAT_TEXTS[chapter.key], chapter.heading
        assert paragraphs[at + 1] != NOT_WRITTEN
        if chapter.from_projects:
            assert paragraphs[at + 2 : at + 5] == [
                FROM_PROJECTS_HEADING,
                paragraphs[at + 3],
                LEADER_TEXTS[chapter.from_projects],
            ]
            assert "Eldreløftet" in paragraphs[at + 3]
    assert LEADER_TEXTS["self_assessment"] in paragraphs


def test_without_written_texts_the_chapters_say_so(spring):
    url, round_id = spring
    _approve_with_narratives(url, round_id)
    paragraphs = _paragraphs(url)
    foreword = paragraphs.index(ROUND_TEXT_CHAPTER["foreword"].heading)
    assert paragraphs[foreword + 1] == NOT_WRITTEN_BY_SECRETARIAT
    experiences = paragraphs.index(ROUND_TEXT_CHAPTER["experiences"].heading)
    assert paragraphs[experiences + 1 : experiences + 3] == [NOT_WRITTEN_BY_SECRETARIAT, FROM_PROJECTS_HEADING]


def test_two_saves_racing_from_the_same_version_one_wins_the_other_is_stale(spring):
    """Both read version 0 and write version 1 at the same moment: the database lets one commit, and the other is
    retried and refused as stale (never an error, never two versions 1)."""
    import threading

    url, round_id = spring
    results: list = []
    barrier = threading.Barrier(2)

    def save(text):
        barrier.wait()
        results.append(_save(url, round_id, {"summary": text}, {"summary": 0}))

    threads = [threading.Thread(target=save, args=(t,)) for t in ("Først.", "Samtidig.")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.ok for r in results) == [False, True]
    assert "Last inn siste versjon" in next(r for r in results if not r.ok).problems[0].message
    with read_session(url) as s:
        assert s.scalars(select(RoundTextVersion.version).filter_by(round_id=round_id)).all() == [1]
