"""The one error pattern (decision 156): a summary with links to the fields, the message at each field."""

from __future__ import annotations

from components.feedback import error_summary, field_error, form_errors, form_outcome, outcome_message
from domain.problems import Problem
from services.context import Outcome

FIELDS = {"name": "runde-navn", "deadline": "runde-frist"}


def _texts(component) -> list[str]:
    """Every string in a component tree, in order."""
    if isinstance(component, str):
        return [component]
    if component is None:
        return []
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        return [t for child in children for t in _texts(child)]
    return _texts(children)


def _links(component) -> list[str]:
    found = [component.href] if getattr(component, "href", None) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str):
            found += _links(child)
    return found


def test_the_summary_counts_links_each_field_and_names_the_rest():
    problems = [
        Problem.in_field("name", "Navn", "Navn på runden mangler."),
        Problem.in_field("deadline", "Frist", "Frist: skriv datoen som dd.mm.åååå."),
        Problem.general("Bare sekretariatet kan opprette runder."),
        Problem("Tabell 3", "C5", "fant ikke et beløp i «mye»."),
    ]
    summary = error_summary(problems, FIELDS, title="Runden ble ikke opprettet")
    texts = _texts(summary)
    assert texts[0] == "Runden ble ikke opprettet: 4 feil må rettes"
    assert "Navn på runden mangler." in texts  # it begins with its label already
    assert "Frist: skriv datoen som dd.mm.åååå." in texts  # the label is not repeated
    assert "Bare sekretariatet kan opprette runder." in texts
    assert "Tabell 3!C5: fant ikke et beløp i «mye»." in texts
    assert _links(summary) == ["#runde-navn", "#runde-frist"]
    props = summary.to_plotly_json()["props"]
    assert props["role"] == "alert" and props["tabIndex"] == "-1" and "error-summary" in props["className"]
    assert error_summary([], FIELDS) is None


def test_a_form_gets_summary_message_and_each_fields_message_in_order():
    refused = Outcome.refused(Problem.in_field("deadline", "Frist", "Frist: skriv datoen som dd.mm.åååå."))
    summary, message, name_error, deadline_error = form_outcome(refused, FIELDS)
    assert summary is not None and message is None and name_error is None
    assert _texts(deadline_error[0]) == ["Frist: skriv datoen som dd.mm.åååå."]
    done = form_outcome(Outcome("Vår 2026", "Runden er opprettet."), FIELDS)
    assert done[0] is None and _texts(done[1]) == ["Runden er opprettet."] and done[2:] == (None, None)


def test_an_action_answers_with_the_same_summary_and_a_field_names_its_control():
    refused = outcome_message(Outcome.refused(Problem.general("Bare sekretariatet kan åpne runder.")))
    assert "error-summary" in refused.className
    assert _texts(refused)[0] == "Det ble ikke gjort: 1 feil må rettes"
    place = field_error("prosjektrapportering-milepaeler", "prosjektrapportering-milepaeler-rutenett")
    props = place.to_plotly_json()["props"]
    assert props["id"] == "prosjektrapportering-milepaeler-feil"
    assert props["data-field"] == "prosjektrapportering-milepaeler-rutenett" and props["className"] == "field-error"
    assert field_error("runde-frist").to_plotly_json()["props"]["data-field"] == "runde-frist"


def test_a_problem_in_a_grid_cell_names_the_cell_in_its_link_and_message():
    problems = [
        Problem.in_cell("scores", "Poeng, Kriterium 2 (0–3)", 1, "value", "Poeng for kriterium 2 må være 0–3."),
        Problem.in_field("spent", "Brukte midler", "Brukte midler mangler."),
    ]
    fields = {"scores": "skjema-poeng", "spent": "skjema-brukt"}
    summary, by_field = form_errors(problems, fields)
    links = summary.children[2].children
    assert links[0].children.to_plotly_json()["props"]["data-row"] == "1"
    assert links[0].children.to_plotly_json()["props"]["data-col"] == "value"
    assert "data-row" not in links[1].children.to_plotly_json()["props"]
    cell_message = by_field["skjema-poeng"][0].to_plotly_json()["props"]
    assert cell_message["id"] == "skjema-poeng-feil-1"  # the cell's aria-describedby
    assert (cell_message["data-row"], cell_message["data-col"]) == ("1", "value")
    assert "id" not in by_field["skjema-brukt"][0].to_plotly_json()["props"]


def test_the_summary_follows_the_form():
    """The issue-18 trial: the new user form's summary listed its problems in another order than the form."""
    problems = [
        Problem.in_field("deadline", "Frist", "Frist: skriv datoen som dd.mm.åååå."),
        Problem.in_field("name", "Navn", "Navn på runden mangler."),
        Problem.general("Runden finnes fra før."),
    ]
    texts = _texts(error_summary(problems, FIELDS))
    assert texts.index("Runden finnes fra før.") < texts.index("Navn på runden mangler.")
    assert texts.index("Navn på runden mangler.") < texts.index("Frist: skriv datoen som dd.mm.åååå.")


def test_the_users_table_names_projects():
    """Trial 23: a leader's projects were bare numbers («15266»)."""
    from components.users import users_table
    from services.users import UserRow, UsersView

    view = UsersView(
        True,
        [UserRow("kari", "Kari", None, "prosjektleder", True, ["15266", "99999"], partnership="HTO")],
        [("Eldreløftet (15266)", "15266")],
    )
    assert "Eldreløftet (15266), 99999" in str(users_table(view))
