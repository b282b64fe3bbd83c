"""Messages after an action: a success line, or every problem with where it is (announced to screen readers)."""

from __future__ import annotations

from dash import html


def message(text: str | None, ok: bool = True) -> html.P | None:
    if not text:
        return None
    return html.P(text, className="ok-text" if ok else "error-text")


def outcome_message(outcome) -> html.Div | html.P | None:
    """An Outcome as one line when it went well, else every problem as a line of its own."""
    if outcome.ok:
        return message(outcome.message)
    if len(outcome.problems) == 1:
        return message(
            str(outcome.problems[0]) if outcome.problems[0].field is None else outcome.problems[0].message, ok=False
        )
    return html.Div([message(p.message if p.field else str(p), ok=False) for p in outcome.problems])


def problems_report(problems, *, title: str = "Filen ble ikke lagret", element_id: str | None = None) -> html.Div:
    """Every problem, with where it is, in one list at the top (announced to screen readers)."""
    props = {"id": element_id} if element_id else {}
    return html.Div(
        [
            html.H3(f"{title}: {len(problems)} feil må rettes"),
            html.P("Rett feilene i filen og last den opp på nytt. Ingenting er lagret."),
            html.Ul([html.Li([html.Strong(p.where + ": "), p.message] if p.where else p.message) for p in problems]),
        ],
        className="error-summary",
        role="alert",
        **props,
    )


def form_errors(problems, field_ids: dict[str, str]) -> tuple[html.Div | None, dict[str, list]]:
    """An error summary for the top of a form (with links to the fields) and the errors by field id."""
    if not problems:
        return None, {}
    by_field: dict[str, list] = {}
    items = []
    for p in problems:
        target = field_ids.get(p.field or "")
        text = f"{p.label}: {p.message}" if p.label and not p.message.startswith(p.label) else p.message
        if target:
            by_field.setdefault(target, []).append(html.P(text))
            items.append(html.Li(html.A(text, href=f"#{target}")))
        else:
            items.append(html.Li(text))
    summary = html.Div(
        [html.H3(f"Skjemaet har {len(problems)} feil. Ingenting er lagret."), html.Ul(items)], className="error-summary"
    )
    return summary, by_field
