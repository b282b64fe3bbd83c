"""Reporting you can trust: every write is based on the latest version, approval publishes what was reviewed,
unapproved versions reach only the project's leaders and the secretariat, no request writes another
project's data, sloppy amounts are refused kindly and doubtful ones confirmed, and the history credits who
made each change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import FinanceReport, Submission
from db.session import read_session
from domain.identity import Identity
from services import reporting
from tests.conftest import context
from tests.services.test_reporting import ELD, GOOD, fill, template_bytes

PROJECT_LEADER = "prosjektleder"


def leader(project_id: int, name: str = "Gunnhild Ag") -> Identity:
    return Identity(101, name.split()[0].lower(), name, PROJECT_LEADER, frozenset({project_id}))


def secretariat() -> Identity:
    return Identity(100, "siri", "Sekretær Siri", "sekretariat")


def as_(url: str, identity: Identity):
    return context(url, identity)


def form_of(page: reporting.ReportingPage, **changes) -> reporting.ReportForm:
    """The web form as the browser sends it back, from what the page opened with."""
    from components.report_form import kpi_rows, milestone_rows, score_rows

    form = page.form
    values = {
        "spent": "" if form.spent_total is None else str(form.spent_total),
        "future_use": "" if form.future_use is None else str(form.future_use),
        "milestones": milestone_rows(form.milestones),
        "scores": score_rows(form.scores),
        "kpis": kpi_rows(form.kpis),
        "texts": dict(form.texts),
    }
    values.update(changes)
    return reporting.ReportForm(**values)


def page_for(url: str, identity: Identity, round_name: str = "Vår 2026") -> reporting.ReportingPage:
    return reporting.reporting_page(as_(url, identity), ref=ELD, round_name=round_name)


def save(url, identity, project_id, round_id, form, *, base, submit=False, confirmed=True):
    return reporting.save_form(
        as_(url, identity),
        project_id=project_id,
        round_id=round_id,
        form=form,
        submit=submit,
        base_version=base,
        confirmed=confirmed,
    )


def versions(url) -> list[tuple[int, str]]:
    with read_session(url) as s:
        return [(v, st) for v, st in s.execute(select(Submission.version, Submission.status).order_by(Submission.id))]


def test_a_stale_form_cannot_overwrite_a_submitted_template(spring):
    """The trial: a template submitted as version 1, then "Send inn" from the form opened before it."""
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    opened = page_for(url, gunnhild)
    assert opened.base_version == 0
    upload = reporting.submit_upload(
        as_(url, gunnhild),
        project_id=project_id,
        round_id=round_id,
        file_name="mal.xlsx",
        content=fill(template_bytes(url, project_id, round_id), GOOD),
    )
    assert upload.ok, upload.problems
    stale = save(url, gunnhild, project_id, round_id, form_of(opened), base=opened.base_version, submit=True)
    assert not stale.ok
    assert "versjon 1" in stale.problems[0].message and "Ingenting er lagret" in stale.problems[0].message
    assert any(c.key == "Brukte midler totalt" for c in stale.value.stale)  # what was typed is shown, not lost
    assert versions(url) == [(1, "submitted")]
    reopened = page_for(url, gunnhild)  # the form now opens on the file's version, not the approved figures
    assert (reopened.base_version, reopened.form.spent_total) == (1, 2_500_000)
    assert any(m.code == "M7" for m in reopened.form.milestones)


def test_indicator_values_in_a_draft_survive_a_reload_and_a_submission(spring):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    page = page_for(url, gunnhild)
    kpis = [dict(row) for row in form_of(page).kpis]
    kpis[0].update(date="31.03.2026", value="380,5")
    assert save(url, gunnhild, project_id, round_id, form_of(page, kpis=kpis), base=0).ok
    reloaded = page_for(url, gunnhild)
    assert (reloaded.form.kpis[0].date.isoformat(), reloaded.form.kpis[0].value) == ("2026-03-31", 380.5)
    sent = save(url, gunnhild, project_id, round_id, form_of(reloaded), base=reloaded.base_version, submit=True)
    assert sent.ok, sent.problems
    with read_session(url) as s:
        latest = s.scalars(select(Submission).order_by(Submission.version.desc())).first()
        assert [(k.when, k.value) for k in reporting.data.submission_content(latest).kpi_values] == [
            ("2026-03-31", 380.5)
        ]


def test_approval_publishes_only_the_reviewed_version(spring):
    url, round_id, project_id = spring
    gunnhild, siri = leader(project_id), secretariat()
    first = save(
        url, gunnhild, project_id, round_id, form_of(page_for(url, gunnhild), spent="111 111"), base=0, submit=True
    )
    assert first.ok, first.problems
    status = reporting.reporting_status(as_(url, siri), project_id=project_id, round_id=round_id)
    reviewed = status.review.version  # the secretariat opens version 1 …
    second = save(
        url, gunnhild, project_id, round_id, form_of(page_for(url, gunnhild), spent="999 999"), base=1, submit=True
    )
    assert second.ok, second.problems  # … the leader submits again …
    refused = reporting.review(
        as_(url, siri), project_id=project_id, round_id=round_id, approve=True, reviewed_version=reviewed
    )
    assert not refused.ok and "versjon 2" in refused.problems[0].message  # … and "Godkjenn" publishes nothing
    with read_session(url) as s:
        assert s.scalar(select(func.count(FinanceReport.id)).filter_by(round_id=round_id)) == 0
    approved = reporting.review(
        as_(url, siri), project_id=project_id, round_id=round_id, approve=True, reviewed_version=2
    )
    assert approved.ok, approved.problems
    with read_session(url) as s:
        assert s.scalars(select(FinanceReport.spent_total).filter_by(round_id=round_id)).one() == 999_999


@pytest.mark.parametrize("who", ["reader", "other_leader"])
def test_drafts_reach_only_the_projects_leaders_and_the_secretariat(spring, who):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    secret = "Hemmelig utkast som ikke er godkjent"
    form = form_of(page_for(url, gunnhild), spent="1 234 567", texts={"experiences": secret})
    assert save(url, gunnhild, project_id, round_id, form, base=0).ok
    outsider = Identity(102, "lars", "Lars Leser", "leser") if who == "reader" else leader(project_id + 1, "Ola Annen")
    page = page_for(url, outsider)
    assert page.form is None and not page.may_report and not page.writable
    assert secret not in repr(page) and "1234567" not in repr(page)
    status = reporting.reporting_status(as_(url, outsider), project_id=project_id, round_id=round_id)
    assert not status.visible and status.submissions == [] and status.history == []
    refused = reporting.template_file(as_(url, outsider), project_id=project_id, round_id=round_id)
    assert not refused.ok and "skrivetilgang" in refused.problems[0].message
    assert page_for(url, secretariat()).form.texts["experiences"] == secret


def test_a_form_row_with_another_projects_indicator_is_refused(spring):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    page = page_for(url, gunnhild)
    with read_session(url) as s:
        from db.models import Benefit, Kpi

        foreign = s.scalars(
            select(Kpi.id).join(Benefit, Kpi.benefit_id == Benefit.id).where(Benefit.project_id != project_id)
        ).first()
    kpis = [{"kpi_id": foreign, "name": "x", "date": "31.03.2026", "value": "1"}]
    refused = save(url, gunnhild, project_id, round_id, form_of(page, kpis=kpis), base=0, submit=True)
    assert not refused.ok and "indikatorer som ikke hører til prosjektet" in refused.problems[0].message
    assert versions(url) == []


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("ca. 300 000", "uten «ca.»"),
        ("300 000 - 400 000", "ikke et spenn"),
        ("300 000 kr (anslag)", "skriv bare beløpet"),
        ("1e308", "uten eksponent"),
        ("3 000 000 000", "mer enn 2 000 000 000 kr"),
    ],
)
def test_sloppy_amounts_are_refused_with_a_suggestion(spring, typed, expected):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    refused = save(url, gunnhild, project_id, round_id, form_of(page_for(url, gunnhild), spent=typed), base=0)
    assert not refused.ok
    [problem] = refused.problems
    assert problem.field == "spent" and expected in problem.message
    assert problem.message.count("Brukte midler totalt") == 1
    assert versions(url) == []


def test_doubtful_reports_ask_for_confirmation_first(spring):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    page = page_for(url, gunnhild)
    fall = save(url, gunnhild, project_id, round_id, form_of(page, spent="300 000"), base=0, confirmed=False)
    assert not fall.ok and fall.value.confirm
    assert "2 060 000 kr → 300 000 kr" in fall.problems[0].message
    # a new round's form starts from the last written texts (trial 26c), so sending it unchanged changes nothing
    assert page.form.texts == dict(page.form.narratives) and page.form.texts
    unchanged = save(url, gunnhild, project_id, round_id, form_of(page), base=0, submit=True, confirmed=False)
    assert not unchanged.ok and "ingen endringer" in unchanged.problems[0].message
    emptied = save(url, gunnhild, project_id, round_id, form_of(page, texts={}), base=0, submit=True, confirmed=False)
    assert not emptied.ok and "er tomme, men hadde tekst" in emptied.problems[0].message
    far = save(url, gunnhild, project_id, round_id, form_of(page, spent="90 000 000"), base=0, confirmed=False)
    assert not far.ok and "langt over det som er innvilget" in far.problems[0].message
    assert versions(url) == []
    assert save(url, gunnhild, project_id, round_id, form_of(page, spent="300 000"), base=0, confirmed=True).ok
    assert versions(url) == [(1, "draft")]


def test_empty_values_say_mangler(spring):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    page = page_for(url, gunnhild)
    scores = [dict(row) for row in form_of(page).scores]
    scores[0].update(value="", justification="Godt i gang")
    refused = save(url, gunnhild, project_id, round_id, form_of(page, scores=scores, spent=""), base=0, submit=True)
    messages = [p.message for p in refused.problems]
    assert any("Poeng for" in m and "mangler" in m for m in messages), messages
    assert any(m.startswith("Brukte midler totalt mangler") for m in messages), messages
    assert not any("«»" in m for m in messages)


def test_history_credits_the_leader_for_changes_and_the_secretariat_for_approval(spring):
    url, round_id, project_id = spring
    gunnhild, siri = leader(project_id), secretariat()
    sent = save(
        url, gunnhild, project_id, round_id, form_of(page_for(url, gunnhild), spent="2 400 000"), base=0, submit=True
    )
    assert sent.ok, sent.problems
    assert reporting.review(
        as_(url, siri), project_id=project_id, round_id=round_id, approve=True, reviewed_version=1
    ).ok
    history = reporting.reporting_status(as_(url, siri), project_id=project_id, round_id=round_id).history
    change = next(h for h in history if h.entity_key == "Brukte midler totalt")
    assert (change.actor, change.source) == ("Gunnhild Ag", "nettskjema, godkjent av Sekretær Siri")
    assert next(h for h in history if h.action == "godkjent").actor == "Sekretær Siri"


def test_hand_made_values_are_refused_without_a_crash(spring):
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    page = page_for(url, gunnhild)
    for base in (None, "x", [1], {"a": 1}):
        outcome = save(url, gunnhild, project_id, round_id, form_of(page), base=base)
        assert not outcome.ok and "versjonen" in outcome.problems[0].message
    odd = reporting.ReportForm(spent=["1"], future_use={"a": 1}, milestones="x", scores=[1, "a"], kpis=None, texts=[])
    outcome = save(url, gunnhild, project_id, round_id, odd, base=0)
    assert not outcome.ok and all(p.message for p in outcome.problems)
    for reviewed in (None, "1; drop table", [1]):
        outcome = reporting.review(
            as_(url, secretariat()), project_id=project_id, round_id=round_id, approve=True, reviewed_version=reviewed
        )
        assert not outcome.ok
    assert versions(url) == []


def test_a_new_rounds_report_starts_from_the_purpose_and_a_past_round_keeps_its_measurements(spring):
    """Findings of the issue-13 trial: Formål became «Ikke rapportert» when a leader left it as it was, and a
    past round's project page showed a measurement from the next round."""
    from services import projects

    url, round_id, project_id = spring
    gunnhild, siri = leader(project_id), secretariat()
    page = page_for(url, gunnhild)
    assert page.form.texts.get("purpose") and "experiences" not in page.form.texts
    kpis = [dict(row) for row in form_of(page).kpis]
    kpis[0].update(date="31.03.2026", value="999")
    sent = save(url, gunnhild, project_id, round_id, form_of(page, kpis=kpis, spent="2 100 000"), base=0, submit=True)
    assert sent.ok, sent.problems
    assert reporting.review(
        as_(url, siri), project_id=project_id, round_id=round_id, approve=True, reviewed_version=1
    ).ok
    later = context(url, siri, today=date(2026, 4, 20))
    autumn = projects.project_page(later, ref=ELD, round_name="Høst 2025").detail
    spring_ = projects.project_page(later, ref=ELD, round_name="Vår 2026").detail
    assert all(v.value != 999 for k in autumn.kpis for v in k.values)
    assert any(v.value == 999 for k in spring_.kpis for v in k.values)
    assert spring_.narratives.get("purpose") == autumn.narratives.get("purpose")


def test_a_return_comment_reaches_only_the_projects_leaders_and_the_secretariat(spring):
    """The issue-14 trial: «Vennligst forklar økningen til 2 800 000» was in the round table for everyone."""
    from services import rounds

    url, round_id, project_id = spring
    gunnhild, siri = leader(project_id), secretariat()
    sent = save(
        url, gunnhild, project_id, round_id, form_of(page_for(url, gunnhild), spent="2 800 000"), base=0, submit=True
    )
    assert sent.ok, sent.problems
    comment = "Vennligst forklar økningen til 2 800 000."
    returned = reporting.review(
        as_(url, siri), project_id=project_id, round_id=round_id, approve=False, reviewed_version=1, comment=comment
    )
    assert returned.ok, returned.problems
    for who, visible in ((siri, True), (gunnhild, True), (leader(project_id + 1, "Ola Annen"), False)):
        rows = rounds.round_status(as_(url, who), round_id=round_id).projects
        assert (next(r for r in rows if r.project_id == project_id).comment == comment) is visible


def test_reminder_addresses_reach_only_the_projects_leaders_and_the_secretariat(spring):
    """The issue-14 trial: a reader saw every leader's e-mail address in the round table."""
    from services import rounds

    url, round_id, project_id = spring
    reader = Identity(102, "rita", "Rita Leser", "leser")
    for who, visible in ((secretariat(), True), (leader(project_id), True), (reader, False)):
        row = next(
            r for r in rounds.round_status(as_(url, who), round_id=round_id).projects if r.project_id == project_id
        )
        assert (row.recipients is not None) is visible
    others = rounds.round_status(as_(url, leader(project_id)), round_id=round_id).projects
    assert all(r.recipients is None for r in others if r.project_id != project_id)


def test_a_draft_keeps_half_finished_work_and_sending_asks_for_the_rest(spring):
    """Trial 25b: «Lagre utkast» refused a score typed without its justification, so a busy leader could not park
    the work. A draft keeps it; «Send inn» asks for the justification."""
    from components.report_form import score_rows

    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    page = page_for(url, gunnhild)
    rows = score_rows({})
    rows[2]["value"] = "2"  # a score, its justification still to come
    draft = save(url, gunnhild, project_id, round_id, form_of(page, spent="2 100 000", scores=rows), base=0)
    assert draft.ok, draft.problems
    reopened = page_for(url, gunnhild)
    assert reopened.form.scores[rows[2]["dimension"]] == (2, "")  # kept, with the reason still empty
    sent = save(url, gunnhild, project_id, round_id, form_of(reopened), base=1, submit=True)
    assert not sent.ok and "Begrunnelse mangler" in sent.problems[0].message
    assert versions(url) == [(1, "draft")]


def test_illustrative_indicator_figures_are_marked_in_the_form_and_template(spring):
    """Trial 25b: the template and form showed the default data's baselines, targets and measurements unmarked."""
    import io

    from openpyxl import load_workbook

    from etl.template import build_template

    url, _round_id, project_id = spring
    form = page_for(url, leader(project_id)).form
    assert form.kpis and all(k.illustrative for k in form.kpis)
    assert all(k.last == "–" or k.last.endswith(", eksempeldata)") for k in form.kpis)
    sheet = load_workbook(io.BytesIO(build_template(form, key="k" * 32)))["Indikatorer"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Nullpunkt og mål er eksempeldata: illustrasjoner, ikke innrapporterte tall." in texts


def test_the_reviewer_is_asked_what_the_leader_was_asked(spring):
    """Trial 26a: a falling cumulative amount sent from the command line was asked about nowhere; the review showed
    it as an ordinary change."""
    url, round_id, project_id = spring
    gunnhild, siri = leader(project_id), secretariat()
    page = page_for(url, gunnhild)
    sent = save(url, gunnhild, project_id, round_id, form_of(page, spent="300 000"), base=0, submit=True)
    assert sent.ok, sent.problems
    review = reporting.reporting_status(as_(url, siri), project_id=project_id, round_id=round_id).review
    assert any("lavere enn i sist godkjente rapport (2 060 000 kr → 300 000 kr)" in w for w in review.warnings)
    assert ("Brukte midler totalt", "2 060 000 kr", "300 000 kr") in [
        (c.key, c.before, c.after) for c in review.changes
    ]


def test_saving_the_same_again_stores_no_new_version(spring):
    """Trial 26a: «Lagre utkast» pressed again made identical versions (v4 … v9), and so did a template downloaded
    anew and sent unchanged."""
    url, round_id, project_id = spring
    gunnhild = leader(project_id)
    form = form_of(page_for(url, gunnhild), spent="2 100 000")
    assert save(url, gunnhild, project_id, round_id, form, base=0).ok
    again = save(url, gunnhild, project_id, round_id, form, base=1)
    assert again.ok and again.message == "Ingenting er endret siden versjon 1 (utkastet); ingen ny versjon er lagret."
    assert versions(url) == [(1, "draft")]
    sent = save(url, gunnhild, project_id, round_id, form, base=1, submit=True)  # sending the draft is a change
    assert sent.ok and versions(url) == [(1, "superseded"), (2, "submitted")]
    blob = reporting.template_file(as_(url, gunnhild), project_id=project_id, round_id=round_id).value.content
    checked = reporting.check_upload(
        as_(url, gunnhild), project_id=project_id, round_id=round_id, file_name="igjen.xlsx", content=blob
    )
    assert checked.value.already and "Ingenting er endret siden versjon 2 (rapporten som er sendt inn)" in (
        checked.message
    )
    assert versions(url) == [(1, "superseded"), (2, "submitted")]


def test_a_recommendation_beside_a_report_waiting_for_review_says_so(spring):
    """Trial 26c: a recommendation for a project whose report was sent in but not approved said «har ikke
    rapportert»."""
    from services import ssu

    url, round_id, project_id = spring
    gunnhild, siri = leader(project_id), secretariat()
    assert save(url, gunnhild, project_id, round_id, form_of(page_for(url, gunnhild)), base=0, submit=True).ok
    saved = ssu.set_recommendation(
        as_(url, siri),
        round_name="Vår 2026",
        project_id=project_id,
        decision="videreføre",
        amount_text="2 000 000",
        justification="Godt i gang",
    )
    assert saved.ok and "rapporten for Vår 2026 er sendt inn, men ikke godkjent ennå" in saved.message
    assert "har ikke rapportert" not in saved.message
