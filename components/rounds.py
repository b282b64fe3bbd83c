"""Innrapportering (the rounds page): the round's state and deadline, who has reported, reminders, locks."""

from __future__ import annotations

from dash import dcc, html, no_update

from components.cards import empty_state
from components.feedback import ENTER_SENDS, field_error, form_outcome, message, outcome_message
from components.filters import DROPDOWN_LABELS, filter_bar, query_string, round_dropdown, scheme_dropdown
from components.reporting import round_status_table, status_summary
from domain.formatting import format_date
from domain.vocabulary import NO_REMINDER_ADDRESS, REMINDER_CONTACTS_HEADING

PREFIX = "innrapportering"


NEW_ROUND_FIELD_IDS = {"name": f"{PREFIX}-ny-navn", "deadline": f"{PREFIX}-ny-frist"}
DEADLINE_FIELD_IDS = {"deadline": f"{PREFIX}-frist"}
UNLOCK_FIELD_IDS = {
    "project": f"{PREFIX}-las-prosjekt",
    "hours": f"{PREFIX}-las-timer",
    "reason": f"{PREFIX}-las-grunn",
}
CONTACTS_FIELD_IDS = {"project": f"{PREFIX}-kontakt-prosjekt", "contacts": f"{PREFIX}-kontakt-adresser"}
"""Each form's fields (as the services name them) and their controls; a control's message is under it."""


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control, field_error(control.id)], className="field")


def _status(element_id: str) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"})


NO_SCHEME = (
    "Runder hører til en tilskuddsordning. Driftsansvarlig legger den til med «python -m etl schemes add» "
    "(se README), eller laster inn ordningens rapportfil."
)


def _new_round(example: tuple[str, str]) -> html.Section:
    return html.Section(
        className="panel",
        **ENTER_SENDS,
        children=[
            html.H2("Ny rapporteringsrunde"),
            html.Div(id=f"{PREFIX}-ny-feil"),
            _field(
                "Navn på runden", dcc.Input(id=f"{PREFIX}-ny-navn", type="text", placeholder=example[0], maxLength=20)
            ),
            _field(
                "Frist (dd.mm.åååå)",
                dcc.Input(id=f"{PREFIX}-ny-frist", type="text", placeholder=example[1], maxLength=10),
            ),
            html.Button("Opprett runde", id=f"{PREFIX}-ny-knapp", className="button-primary", type="button"),
        ],
    )


def rounds_page(view, *, created: bool = False) -> html.Div:
    head = [
        html.H1("Innrapportering"),
        html.P(
            f"Runden «{view.round_name}» er opprettet. Åpne den når prosjektene skal rapportere.{view.deadline_note}",
            id=CREATED_ID,
            className="ok-text take-focus",
            role="status",
            tabIndex=-1,  # the page comes back scrolled to the form at its foot: the message takes focus and view
        )
        if created and view.round_name
        else html.P(id=CREATED_ID, role="status"),
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
    new_round = _new_round(view.example) if admin else None
    if view.scheme_id is None:  # trial 24b: a fresh production database promised a form that was not there
        return html.Div(head + [empty_state("Ingen tilskuddsordning ennå", NO_SCHEME)])
    if view.round_id is None:
        return html.Div(
            head
            + [controls, empty_state("Ingen runder ennå", "Opprett den første rapporteringsrunden under."), new_round]
        )
    reminder_text = (
        "Sender én e-post per prosjekt som ikke har rapportert, til prosjektlederne og kontaktadressene."
        if view.sends_mail
        else "Lager påminnelsen til hvert prosjekt som ikke har rapportert. Uten e-posttjener vises "
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
                **ENTER_SENDS,
                children=[
                    html.H2(view.round_name),
                    html.P(id=f"{PREFIX}-runde-status"),
                    html.Button(id=f"{PREFIX}-apne-lukk", type="button", hidden=not admin),
                    html.Div(id=f"{PREFIX}-runde-feil"),
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
                            field_error(f"{PREFIX}-frist"),
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
            _contacts_panel(hidden=not admin),
            html.Section(
                className="panel",
                hidden=not admin,
                **ENTER_SENDS,
                children=[
                    html.H2("Åpne lukket runde for ett prosjekt"),
                    html.P(
                        "Når runden er lukket, er rapportene låst. Sekretariatet kan åpne for ett prosjekt i en "
                        "begrenset tid; det blir loggført."
                    ),
                    html.Div(id=f"{PREFIX}-las-feil"),
                    _field(
                        "Prosjekt",
                        dcc.Dropdown(
                            labels=DROPDOWN_LABELS, id=f"{PREFIX}-las-prosjekt", options=[], placeholder="Velg prosjekt"
                        ),
                    ),
                    _field(
                        "Antall timer",
                        dcc.Input(id=f"{PREFIX}-las-timer", type="text", inputMode="numeric", maxLength=3, value="48"),
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


def _contacts_panel(*, hidden: bool) -> html.Section:
    return html.Section(
        className="panel",
        hidden=hidden,
        children=[
            html.H2(REMINDER_CONTACTS_HEADING),
            html.P(
                "Påminnelser går til prosjektledernes e-postadresser (fra brukerkontoene) og til adressene under. "
                "Skriv én adresse per linje; tomt felt fjerner alle. Endringen blir loggført."
            ),
            html.Div(id=f"{PREFIX}-kontakt-feil"),
            _field(
                "Prosjekt",
                dcc.Dropdown(
                    labels=DROPDOWN_LABELS, id=f"{PREFIX}-kontakt-prosjekt", options=[], placeholder="Velg prosjekt"
                ),
            ),
            html.P(id=f"{PREFIX}-kontakt-ledere", className="muted"),
            _field(
                "Kontaktadresser (én per linje)",
                dcc.Textarea(id=f"{PREFIX}-kontakt-adresser", rows=4, maxLength=4000, value=""),
            ),
            html.Button("Lagre adresser", id=f"{PREFIX}-kontakt-knapp", className="button-secondary", type="button"),
            _status(f"{PREFIX}-kontakt-melding"),
        ],
    )


def round_projects(status) -> tuple:
    """The status table, its one-line summary, and the projects to choose from (lock, contact addresses)."""
    options = [{"label": r.project, "value": r.project_id} for r in status.projects]
    table = round_status_table(status.projects, round_name=status.round_name)
    return table, status_summary(status.projects), options, options


def _leaders_line(contacts) -> str:
    leaders = ", ".join(contacts.leaders) or "ingen prosjektleder med e-postadresse"
    return f"Prosjektledere for {contacts.project}: {leaders}."


def contacts_form(outcome) -> tuple:
    """The chosen project's contact addresses for the text field, its leaders' addresses, and a message."""
    if not outcome.ok:
        return "", None, outcome_message(outcome)
    return "\n".join(outcome.value.contacts), _leaders_line(outcome.value), None


def contacts_saved(outcome, written) -> tuple:
    """After saving: the summary, the message, each field's message (``CONTACTS_FIELD_IDS`` order), and the
    addresses as stored (as written when refused, to be corrected) with the leaders' line."""
    feedback = form_outcome(outcome, CONTACTS_FIELD_IDS, title="Adressene ble ikke lagret")
    if not outcome.ok:
        return *feedback, written if isinstance(written, str) else "", no_update
    return *feedback, "\n".join(outcome.value.contacts), _leaders_line(outcome.value)


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


CREATED_ID = f"{PREFIX}-opprettet"
"""The line «Runden … er opprettet» at the top of the page (cleared once the round is opened or closed)."""


def round_toggled(outcome) -> tuple:
    """After «Åpne runden»/«Lukk runden»: the message, which takes focus (trial 23: focus stayed on the button,
    which had become «Lukk runden», so a second Enter closed the round just opened), and the line saying the round
    was created, cleared (trial 23b: it stayed after the round was opened and closed)."""
    if not outcome.ok:
        return outcome_message(outcome), no_update
    return html.P(outcome.message, className="ok-text take-focus", tabIndex="-1", role="status"), None


def round_created(outcome) -> tuple:
    """The summary and each field's message; a created round is shown by navigating to it
    (created_round_search)."""
    summary, _message, *fields = form_outcome(outcome, NEW_ROUND_FIELD_IDS, title="Runden ble ikke opprettet")
    return summary, *fields


def deadline_saved(outcome) -> tuple:
    """After «Lagre frist»: the summary, the message and the field's message."""
    return form_outcome(outcome, DEADLINE_FIELD_IDS, title="Fristen ble ikke lagret")


def unlock_result(outcome) -> tuple:
    """After «Åpne for prosjektet»: the summary, the message and each field's message."""
    return form_outcome(outcome, UNLOCK_FIELD_IDS, title="Runden ble ikke åpnet for prosjektet")


def created_round_search(outcome, scheme_id) -> str:
    """After «Opprett runde» the page moves to the new round, so its buttons act on it, not on the old one."""
    if not outcome.ok:
        return no_update
    return query_string({"runde": outcome.value, "ordning": scheme_id, "opprettet": "1"})


def _message_block(message) -> html.Div:
    return html.Div(
        [
            html.H3(message.project),
            html.P([html.Strong("Til: "), ", ".join(message.recipients)]),
            html.P([html.Strong("Emne: "), message.subject]),
            html.Pre(message.body, className="mail"),
        ]
    )


def reminder_result(outcome) -> html.Div | html.P:
    """What happened: sent (to whom), or the problem; the projects without an address; and, when not everything
    was sent, each project's text ready to send by hand."""
    if not outcome.ok:
        return outcome_message(outcome)
    reminder = outcome.value
    draft = reminder.draft
    unsent = [m for m in draft.messages if m.project_id not in {d.project_id for d in reminder.delivered}]
    return html.Div(
        [
            message(reminder.summary),
            message(reminder.problem, ok=False),
            html.Ul([html.Li(f"{m.project}: {', '.join(m.recipients)}") for m in reminder.delivered])
            if reminder.delivered
            else None,
            html.P(
                [html.Strong(f"{NO_REMINDER_ADDRESS.capitalize()} e-postadresse: "), ", ".join(draft.missing_address)]
            )
            if draft.missing_address
            else None,
            html.P("Ingen prosjekter venter på påminnelse.")
            if not draft.messages and not draft.missing_address
            else None,
            html.Div([_message_block(m) for m in unsent], id=f"{PREFIX}-paminnelse-tekst") if unsent else None,
        ]
    )
