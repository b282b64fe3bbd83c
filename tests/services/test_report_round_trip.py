"""Every field round-trips: generated reports go draft → reload, web form → template → web form, and
template → web form without a change to any field, indicators included (hypothesis)."""

from __future__ import annotations

import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from domain.vocabulary import MILESTONE_KIND_LABELS, NARRATIVE_KINDS, SCORE_DIMENSIONS, STATUS_CHOICES
from etl.template import read_template
from services import reporting
from tests.services.test_reporting import template_bytes
from tests.services.test_trusted_reporting import as_, form_of, leader, page_for, save

# Text as clinicians type it: Norwegian letters, numbers, punctuation, line breaks, and starts that a
# spreadsheet would take for a formula («=», «-», «+», «@»).
TEXT = (
    st.text(alphabet=st.sampled_from(list("abcæøåABCÆØÅ0123456789 .,;:-=+@'\"()%/\n")), min_size=1, max_size=60)
    .map(str.strip)
    .filter(bool)
)
PERIODS = st.sampled_from(["Vår 2026", "Høst 2026", "Mai 2026", "Jan-mars 2027", "15.03.2026", None])
AMOUNTS = st.one_of(st.none(), st.integers(min_value=0, max_value=20_000_000))
NUMBERS = st.one_of(
    st.integers(min_value=-100_000, max_value=1_000_000), st.decimals(places=2, min_value=-1000, max_value=100_000)
).map(float)
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def reports(draw, kpi_rows: list[dict]) -> dict:
    """A web form as a leader fills it in: every field, valid."""
    milestones = []
    for n in range(1, draw(st.integers(min_value=0, max_value=8)) + 1):
        status = draw(st.one_of(st.none(), st.sampled_from(STATUS_CHOICES)))
        kind = draw(st.sampled_from(["planned", "achieved"])) if status else "planned"
        milestones.append(
            {
                "code": f"M{n}",
                "description": draw(TEXT),
                "period": draw(PERIODS) or "",
                "status": status or "",
                "kind": MILESTONE_KIND_LABELS[kind],
            }
        )
    scores = [
        {"dimension": d.key, "label": d.titled, "value": str(v), "justification": draw(TEXT)}
        if (v := draw(st.one_of(st.none(), st.integers(0, d.maximum)))) is not None
        else {"dimension": d.key, "label": d.titled, "value": None, "justification": ""}
        for d in SCORE_DIMENSIONS
    ]
    kpis = []
    for row in kpi_rows:
        row = dict(row, date="", value="", new_target="", new_target_date="", reason="")
        if draw(st.booleans()):
            row.update(date=f"{draw(DAYS):%d.%m.%Y}", value=str(draw(NUMBERS)).replace(".", ","))
        if draw(st.booleans()):
            target_day = draw(st.one_of(st.none(), DAYS))
            row.update(
                new_target=str(draw(NUMBERS)).replace(".", ","),
                new_target_date=f"{target_day:%d.%m.%Y}" if target_day else "",
                reason=draw(TEXT),
            )
        kpis.append(row)
    return {
        "spent": str(s) if (s := draw(AMOUNTS)) is not None else "",
        "future_use": str(f) if (f := draw(AMOUNTS)) is not None else "",
        "milestones": milestones,
        "scores": scores,
        "kpis": kpis,
        "texts": {k.key: draw(TEXT) for k in NARRATIVE_KINDS if draw(st.booleans())},
    }


def test_every_field_round_trips_through_drafts_templates_and_the_form(spring):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    ctx = as_(url, gunnhild)
    kpi_rows = form_of(page_for(url, gunnhild)).kpis
    stored_rows = form_of(page_for(url, gunnhild)).milestones
    assert kpi_rows, "the project needs indicators for this test"

    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(reports(kpi_rows))
    def round_trip(typed):
        sent = {row["code"] for row in typed["milestones"]}  # stored milestones stay: they can't be removed
        typed["milestones"] += [row for row in stored_rows if row["code"] not in sent]
        content, problems = reporting.read_form(reporting.ReportForm(**typed))
        assert problems == []
        base = page_for(url, gunnhild).base_version
        saved = reporting.save_form(
            ctx,
            project_id=project_id,
            round_id=round_id,
            form=reporting.ReportForm(**typed),
            submit=False,
            base_version=base,
            confirmed=True,
        )
        assert saved.ok, saved.problems
        # draft → reload: the form opens on exactly what was saved
        reloaded = page_for(url, gunnhild)
        assert reloaded.base_version == saved.value.version
        assert reporting.read_form(form_of(reloaded)) == (content, [])
        # web-form draft → template pre-filled → identical
        blob = template_bytes(url, project_id, round_id)
        reading = read_template(blob, "mal.xlsx", key=ctx.config.secret_key)
        assert reading.ok, reading.problems
        assert reading.content == content
        # template → web form → identical
        imported = reporting.import_template(
            ctx, blob, "mal.xlsx", submit=False, expected_project_id=project_id, expected_round="Vår 2026"
        )
        assert imported.ok, imported.problems
        assert reporting.read_form(form_of(page_for(url, gunnhild))) == (content, [])

    round_trip()


def test_a_milestone_stored_without_description_may_stay_so_but_a_new_one_may_not(spring):
    """A hand-made report may leave a milestone's description blank; the leader's unchanged template and form
    are then accepted (the gap is not theirs), while a new milestone still needs its description, and a stored
    description may not be erased. (T15 of the issue-15 trial.)"""
    from sqlalchemy import select, update

    from db.models import Milestone
    from db.session import session_scope
    from tests.services.test_reporting import fill

    url, round_id, project_id = spring
    with session_scope(url) as s:
        codes = s.scalars(select(Milestone.code).filter_by(project_id=project_id).order_by(Milestone.id)).all()
        s.execute(update(Milestone).filter_by(project_id=project_id, code=codes[0]).values(description=""))
    gunnhild = leader(project_id)
    ctx = as_(url, gunnhild)
    blob = template_bytes(url, project_id, round_id)
    reading = read_template(blob, "mal.xlsx", key=ctx.config.secret_key)
    assert reading.ok, reading.problems
    assert [m.description for m in reading.content.milestones if m.code == codes[0]] == [""]
    form = form_of(page_for(url, gunnhild))
    assert reporting.read_form(form, [(codes[0], "")])[1] == []
    base = page_for(url, gunnhild).base_version
    saved = reporting.save_form(
        ctx, project_id=project_id, round_id=round_id, form=form, submit=False, base_version=base, confirmed=True
    )
    assert saved.ok, saved.problems
    # a new milestone without a description, and another stored one's description erased: both refused
    blob = template_bytes(url, project_id, round_id)
    sheet = load_workbook(io.BytesIO(blob))["Milepæler"]
    rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value}
    other, new = next(r for code, r in rows.items() if code != codes[0]), max(rows.values()) + 1
    changed = fill(blob, {"Milepæler": {f"A{new}": "M99", f"C{new}": "Vår 2026", f"B{other}": None}})
    reading = read_template(changed, "mal.xlsx", key=ctx.config.secret_key)
    assert sorted((p.cell, p.message) for p in reading.problems) == sorted(
        [(f"B{new}", "Beskrivelse mangler."), (f"B{other}", "Beskrivelse mangler.")]
    )
    typed = [dict(r) for r in form.milestones]
    typed[[r["code"] for r in typed].index(next(c for c in rows if c != codes[0]))]["description"] = ""
    edited = reporting.ReportForm(**{**form.__dict__, "milestones": typed})
    assert [p.message for p in reporting.read_form(edited, [(codes[0], "")])[1]] == ["Beskrivelse mangler."]


def _draft_with_milestones(url, identity, project_id, round_id, form, added):
    """The form saved as a draft with ``added`` milestone rows after the stored ones."""
    return reporting.save_form(
        as_(url, identity),
        project_id=project_id,
        round_id=round_id,
        form=reporting.ReportForm(**{**form.__dict__, "milestones": [*form.milestones, *added]}),
        submit=False,
        base_version=page_for(url, identity).base_version,
        confirmed=True,
    )


def test_saving_says_how_a_milestone_with_a_blank_type_is_counted(spring):
    """The session-22 trial: a milestone added in the form with a blank «Type» was saved without a word on how
    it counts, while the template's preview said it."""
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    form = form_of(page_for(url, gunnhild))
    added = [
        {"code": "M97", "description": "Ny, pågår", "period": "Vår 2026", "status": "Pågående", "kind": ""},
        {"code": "M98", "description": "Ny, planlagt", "period": "Høst 2026", "status": "", "kind": None},
        {"code": "M99", "description": "Ny, valgt type", "period": "Høst 2026", "status": "Ferdig", "kind": "Oppnådd"},
    ]
    saved = _draft_with_milestones(url, gunnhild, project_id, round_id, form, added)
    assert saved.ok, saved.problems
    assert saved.message.endswith("Type var tom: M97 regnes som oppnådd, M98 regnes som planlagt.")
    assert saved.value.kinds == {"M97": "Oppnådd", "M98": "Planlagt"}  # the form shows them at once


def test_a_stored_milestone_cannot_be_renamed_or_removed_in_the_form(spring):
    """The session-22 trial: M4 renamed M9 in the form was saved; once approved, both M4 and M9 were milestones."""
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    form = form_of(page_for(url, gunnhild))
    renamed = [dict(row) for row in form.milestones]
    first = renamed[0]["code"]
    renamed[0]["code"] = "M99"
    saved = reporting.save_form(
        as_(url, gunnhild),
        project_id=project_id,
        round_id=round_id,
        form=reporting.ReportForm(**{**form.__dict__, "milestones": renamed}),
        submit=False,
        base_version=page_for(url, gunnhild).base_version,
        confirmed=True,
    )
    assert not saved.ok
    assert [p.message for p in saved.problems] == [
        f"Milepæl {first} mangler i skjemaet. En lagret milepæl kan endres, men ikke fjernes eller få ny kode; "
        "last inn siden på nytt."
    ]


def test_a_draft_over_a_version_awaiting_review_is_a_notice_not_an_error(spring):
    """Trial 24d: «Lagre utkast» after sending in showed «1 feil må rettes» although there was nothing to correct."""
    from components.report_form import WAITING_TITLE, form_feedback

    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    form = form_of(page_for(url, gunnhild))

    def send(submit: bool):
        return save(url, gunnhild, project_id, round_id, form, base=page_for(url, gunnhild).base_version, submit=submit)

    assert send(True).ok
    draft = send(False)
    assert not draft.ok and draft.value.waiting
    summary = form_feedback(draft, "/innrapportering", 1)[0]
    assert WAITING_TITLE in str(summary) and "notice" in summary.className and "error-summary" not in str(summary)


def test_new_milestones_without_a_code_get_the_next_numbers_in_the_form(spring):
    """Older session notes: a leader adding a milestone had to work out its code; it gets the next number, and the
    form is told which (it fills the code in, as a reload would)."""
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    form = form_of(page_for(url, gunnhild))
    highest = max(int(row["code"][1:]) for row in form.milestones)
    added = [
        {"code": "", "description": "Ny opplæring", "period": "Høst 2026", "status": "", "kind": ""},
        {"code": None, "description": "Evaluering", "period": "Vår 2027", "status": "", "kind": "Planlagt"},
    ]
    saved = _draft_with_milestones(url, gunnhild, project_id, round_id, form, added)
    assert saved.ok, saved.problems
    first, second = f"M{highest + 1}", f"M{highest + 2}"
    assert saved.value.codes == [first, second]
    assert f"Nye milepæler uten kode fikk kodene {first} og {second}." in saved.message
    assert saved.value.kinds == {first: "Planlagt"}  # only the first had a blank «Type»
    stored = {m.code: m.description for m in page_for(url, gunnhild).form.milestones}
    assert (stored[first], stored[second]) == ("Ny opplæring", "Evaluering")
