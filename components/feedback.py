"""The one way every form and action answers (decision 156): a success line, or an error summary at the top
with a link to each field in error and the field's own message next to it.

- ``error_summary`` lists every problem (with where it is: a field, a sheet and cell, or nothing), each problem
  of a known field as a link to that field. It is announced (``role="alert"``) and takes focus when it appears
  (``assets/aria.js``), so its links are the next Tab stops.
- ``field_error`` is the message element under a field (id ``<field id>-feil``); the app's script marks the
  field it names ``aria-invalid`` and points its ``aria-describedby`` at the message while the message has text.
  A problem in a grid's cell (``Problem.row``/``column``) marks that cell the same way, and its summary link
  moves focus to the cell.
- ``form_errors`` gives the summary and the messages by field id for a form's callback; ``outcome_message`` is
  the same for an action without fields (or with a few): one line when it went well, else the summary.
"""

from __future__ import annotations

from dash import html

NOTHING_SAVED = "Ingenting er lagret"
FORM_TITLE = "Skjemaet ble ikke lagret"
FILE_TITLE = "Filen ble ikke lagret"
ACTION_TITLE = "Det ble ikke gjort"
FORM_HINT = "Rett feilene og prøv igjen. " + NOTHING_SAVED + "."
FILE_HINT = "Rett feilene i filen og last den opp på nytt. " + NOTHING_SAVED + "."


def message(text: str | None, ok: bool = True) -> html.P | None:
    if not text:
        return None
    return html.P(text, className="ok-text" if ok else "error-text")


def error_id(field_id: str) -> str:
    """The id of a field's message element."""
    return f"{field_id}-feil"


ENTER_SENDS = {"data-enter": "neste-knapp"}
"""A small form's container: Enter in one of its one-line fields clicks the next button (assets/enter_submit.js)."""


def field_error(field_id: str, control_id: str | None = None, **props) -> html.Div:
    """The place for a field's message, under the field. ``control_id`` is the element that gets
    ``aria-invalid``/``aria-describedby`` when it differs from ``field_id`` (the summary's link target), e.g. a
    grid under its heading."""
    return html.Div(id=error_id(field_id), className="field-error", **{"data-field": control_id or field_id}, **props)


def problem_text(problem) -> str:
    """A problem as one line: «Frist: skriv datoen som dd.mm.åååå.», «Tabell 3!C5: …», or the message alone."""
    if problem.field is not None and problem.label and problem.message.startswith(problem.label):
        return problem.message
    return str(problem)


def error_summary(
    problems,
    field_ids: dict[str, str] | None = None,
    *,
    title: str = FORM_TITLE,
    hint: str | None = FORM_HINT,
    element_id: str | None = None,
) -> html.Div | None:
    """Every problem in one list at the top: a link to the field for a problem of a field in ``field_ids``
    (field name → element id), else the problem with where it is."""
    field_ids = field_ids or {}
    problems = in_form_order(problems, field_ids)
    if not problems:
        return None
    items = []
    for p in problems:
        target = field_ids.get(p.field or "")
        text = problem_text(p)
        items.append(html.Li(html.A(text, href=f"#{target}", **_cell_of(p)) if target else text))
    props = {"id": element_id} if element_id else {}
    return html.Div(
        [
            html.H3(f"{title}: {len(problems)} feil må rettes"),
            html.P(hint) if hint else None,
            html.Ul(items),
        ],
        className="error-summary",
        role="alert",
        tabIndex="-1",
        **props,
    )


def form_errors(
    problems, field_ids: dict[str, str], *, title: str = FORM_TITLE, hint: str | None = FORM_HINT
) -> tuple[html.Div | None, dict[str, list]]:
    """The error summary for the top of a form and each field's messages by field id (the ids of
    ``field_ids``; a field's message goes to ``field_error(id)``)."""
    problems = list(problems)
    by_field: dict[str, list] = {}
    for p in problems:
        target = field_ids.get(p.field or "")
        if target:
            shown = by_field.setdefault(target, [])
            cell = _cell_of(p)
            place = {"id": f"{error_id(target)}-{len(shown) + 1}", **cell} if cell else {}
            shown.append(html.P(problem_text(p), **place))
    return error_summary(problems, field_ids, title=title, hint=hint), by_field


def in_form_order(problems, field_ids: dict[str, str]) -> list:
    """Problems as the form shows its fields (``field_ids`` in the form's order): the form's own (no field) first,
    then each field's in its place; the order within a field (a grid's rows) is kept (the issue-18 trial: the new
    user form's summary did not follow the form)."""
    order = {field: place for place, field in enumerate(field_ids)}
    return sorted(problems, key=lambda p: -1 if p.field is None else order.get(p.field, len(order)))


def _cell_of(problem) -> dict:
    """A problem's cell in a form's grid as data attributes (the app's script marks that cell ``aria-invalid``
    with the message as its description, and a summary link moves focus to it); nothing for a field's problem."""
    if problem.row is None or problem.column is None:
        return {}
    return {"data-row": str(problem.row), "data-col": problem.column}


def field_messages(by_field: dict[str, list], field_ids) -> list:
    """The messages for ``field_ids`` in order, None for a field without one (clears its message)."""
    return [by_field.get(f) or None for f in field_ids]


def form_outcome(outcome, field_ids: dict[str, str], *, title: str = FORM_TITLE) -> tuple:
    """A form's answer: the error summary, the success message, and each field's message in ``field_ids``
    order (None clears a field's message)."""
    if outcome.ok:
        return (None, message(outcome.message), *[None] * len(field_ids))
    summary, by_field = form_errors(outcome.problems, field_ids, title=title)
    return (summary, None, *field_messages(by_field, field_ids.values()))


def outcome_message(
    outcome, field_ids: dict[str, str] | None = None, *, title: str = ACTION_TITLE
) -> html.Div | html.P | None:
    """An Outcome as one line when it went well, else the error summary (with links to ``field_ids``)."""
    if outcome.ok:
        return message(outcome.message)
    return error_summary(outcome.problems, field_ids, title=title, hint=None)
