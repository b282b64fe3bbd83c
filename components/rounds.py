"""Innrapportering (the rounds page): the round's state and deadline, who has reported, reminders, locks."""

from __future__ import annotations

from dash import dcc, html

from components.cards import empty_state
from components.feedback import message
from components.filters import filter_bar, query_string, round_dropdown, scheme_dropdown
from components.reporting import round_status_table, status_summary
from domain.formatting import format_date

PREFIX = "innrapportering"


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control], className="field")


def _status(element_id: str) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"})


def _new_round() -> html.Section:
    return html.Section(
        className="panel",
        children=[
            html.H2("Ny rapporteringsrunde"),
            _field(
                "Navn på runden", dcc.Input(id=f"{PREFIX}-ny-navn", type="text", placeholder="Vår 2026", maxLength=20)
            ),
            _field(
                "Frist (dd.mm.åååå)",
                dcc.Input(id=f"{PREFIX}-ny-frist", type="text", placeholder="15.04.2026", maxLength=10),
            ),
            html.Button("Opprett runde", id=f"{PREFIX}-ny-knapp", className="button-primary", type="button"),
            _status(f"{PREFIX}-ny-melding"),
        ],
    )


def rounds_page(view) -> html.Div:
    head = [
        html.H1("Innrapportering"),
        html.P(
            ["Oversikt over rapporteringsrundene. Du er logget inn som ", dcc.Link(view.actor, href="/bruker"), "."],
            className="lead",
        ),
        dcc.Store(id=f"{PREFIX}-ordning-id", data=view.scheme_id),
    ]
    controls = (
        filter_bar(
            f"{PREFIX}-url",
            [
                scheme_dropdown(f"{PREFIX}-ordning", view),
                round_dropdown(f"{PREFIX}-runde", view.rounds, view.round_name),
            ],
        )
        if view.scheme_id is not None
        else None
    )
    admin = view.may_administer
    new_round = _new_round() if admin else None
    if view.round_id is None:
        return html.Div(
            head
            + [controls, empty_state("Ingen runder ennå", "Opprett den første rapporteringsrunden under."), new_round]
        )
    reminder_text = (
        "Sender en påminnelse med e-post til alle prosjekter som ikke har sendt inn."
        if view.sends_mail
        else "Sender en påminnelse til alle prosjekter som ikke har sendt inn. Uten e-posttjener vises "
        "teksten og adressene, klar til å sendes fra egen e-post."
    )
    return html.Div(
        head
        + [
            controls,
            dcc.Store(id=f"{PREFIX}-runde-id", data=view.round_id),
            dcc.Store(id=f"{PREFIX}-versjon", data=0),
            html.Section(
                className="panel",
                children=[
                    html.H2(view.round_name),
                    html.P(id=f"{PREFIX}-runde-status"),
                    html.Button(id=f"{PREFIX}-apne-lukk", type="button", hidden=not admin),
                    html.Div(
                        hidden=not admin,
                        className="field",
                        children=[
                            html.Label("Ny frist (dd.mm.åååå)", htmlFor=f"{PREFIX}-frist"),
                            dcc.Input(
                                id=f"{PREFIX}-frist",
                                type="text",
                                maxLength=10,
                                value=view.deadline.strftime("%d.%m.%Y") if view.deadline else "",
                            ),
                        ],
                    ),
                    html.Button(
                        "Lagre frist",
                        id=f"{PREFIX}-frist-knapp",
                        className="button-secondary",
                        type="button",
                        hidden=not admin,
                    ),
                    _status(f"{PREFIX}-runde-melding"),
                ],
            ),
            html.P(
                dcc.Link(
                    f"Tekster til rapporten for {view.round_name}",
                    href="/rundetekster" + query_string({"runde": view.round_name, "ordning": view.scheme_id}),
                    id=f"{PREFIX}-rundetekster-lenke",
                )
            ),
            html.H2("Prosjektene i runden"),
            html.P(id=f"{PREFIX}-oppsummering"),
            html.Div(id=f"{PREFIX}-tabell"),
            html.Section(
                className="panel",
                hidden=not admin,
                children=[
                    html.H2("Påminnelse"),
                    html.P(reminder_text),
                    html.Button(
                        "Send påminnelse" if view.sends_mail else "Lag påminnelse",
                        id=f"{PREFIX}-paminnelse",
                        className="button-primary",
                        type="button",
                    ),
                    _status(f"{PREFIX}-paminnelse-resultat"),
                ],
            ),
            html.Section(
                className="panel",
                hidden=not admin,
                children=[
                    html.H2("Åpne lukket runde for ett prosjekt"),
                    html.P(
                        "Når runden er lukket, er rapportene låst. Sekretariatet kan åpne for ett prosjekt i en "
                        "begrenset tid; det blir loggført."
                    ),
                    _field(
                        "Prosjekt", dcc.Dropdown(id=f"{PREFIX}-las-prosjekt", options=[], placeholder="Velg prosjekt")
                    ),
                    _field(
                        "Antall timer", dcc.Input(id=f"{PREFIX}-las-timer", type="number", min=1, max=336, value=48)
                    ),
                    _field("Begrunnelse", dcc.Input(id=f"{PREFIX}-las-grunn", type="text", maxLength=300)),
                    html.Button(
                        "Åpne for prosjektet", id=f"{PREFIX}-las-knapp", className="button-secondary", type="button"
                    ),
                    _status(f"{PREFIX}-las-melding"),
                ],
            ),
            new_round,
        ]
    )


def round_projects(status) -> tuple:
    """The status table, its one-line summary, and the projects the lock can be lifted for."""
    options = [{"label": r.project, "value": r.project_id} for r in status.projects]
    return round_status_table(status.projects, round_name=status.round_name), status_summary(status.projects), options


def round_heading(status) -> tuple:
    """The round's state and deadline, and the open/close button's text and style."""
    return (
        [
            html.Strong("Status: "),
            "Åpen for rapportering" if status.is_open else "Lukket (kun lesing)",
            html.Strong(" · Frist: "),
            format_date(status.deadline) if status.deadline else "ikke satt",
        ],
        "Lukk runden" if status.is_open else "Åpne runden",
        "button-danger" if status.is_open else "button-primary",
    )


def round_created(outcome, scheme_id) -> html.Div | html.P:
    if not outcome.ok:
        return html.Div([message(p.message, ok=False) for p in outcome.problems])
    return html.P(
        [
            f"{outcome.message} ",
            dcc.Link(
                f"Gå til {outcome.value}",
                href="/innrapportering" + query_string({"runde": outcome.value, "ordning": scheme_id}),
            ),
        ],
        className="ok-text",
    )


def reminder_result(outcome) -> html.Div | html.P:
    if not outcome.ok:
        return message(outcome.problems[0].message, ok=False)
    reminder = outcome.value
    draft = reminder.draft
    return html.Div(
        [
            message(outcome.message) if reminder.sent else message(reminder.problem, ok=False),
            html.P([html.Strong("Til: "), ", ".join(draft.recipients) or "ingen registrerte adresser"]),
            html.P([html.Strong("Mangler e-postadresse: "), ", ".join(draft.missing_address)])
            if draft.missing_address
            else None,
            html.P([html.Strong("Emne: "), draft.subject]),
            html.Pre(draft.body, className="mail", id=f"{PREFIX}-paminnelse-tekst"),
        ]
    )
