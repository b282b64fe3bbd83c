"""Brukere (the secretariat's user administration) and Min side (each user's own page)."""

from __future__ import annotations

from dash import dcc, html, no_update

from components.feedback import (
    ENTER_SENDS,
    field_error,
    field_messages,
    form_errors,
    form_outcome,
    message,
    outcome_message,
)
from components.filters import DROPDOWN_LABELS
from components.tables import Col, html_table
from domain.vocabulary import ROLES

ROLE_OPTIONS = [{"label": r.label, "value": r.key} for r in ROLES]
NEW_USER_FIELDS = (
    ("brukernavn", "Brukernavn", "text", "off"),
    ("navn", "Navn", "text", "off"),
    ("epost", "E-post", "email", "off"),
    ("passord", "Engangspassord (minst {min} tegn; tomt: portalen lager et)", "password", "new-password"),
)
NEW_KEYS = ("brukernavn", "navn", "epost", "passord", "rolle", "prosjekter")
EDIT_KEYS = ("navn", "epost", "rolle", "prosjekter")
NEW_PREFIX, EDIT_PREFIX = "brukere-", "brukere-endre-"
CHOSEN = "brukere-valgt"
RESET_FIELD_IDS = {"brukernavn": CHOSEN, "passord": "brukere-nytt-passord"}
"""Giving a one-time password: the service's fields and their controls."""


def _field(label: str, control, *, error: bool = True) -> html.Div:
    """A label, its control and the place for the control's message."""
    return html.Div(
        [html.Label(label, htmlFor=control.id), control, field_error(control.id) if error else None],
        className="field",
    )


def _status(element_id: str) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"})


def _role_and_projects(prefix: str, projects: list[dict]) -> list[html.Div]:
    return [
        _field(
            "Rolle",
            dcc.Dropdown(labels=DROPDOWN_LABELS, id=f"{prefix}rolle", options=ROLE_OPTIONS, placeholder="Velg rolle"),
        ),
        _field(
            "Prosjekter (bare for prosjektledere)",
            dcc.Dropdown(
                labels=DROPDOWN_LABELS,
                id=f"{prefix}prosjekter",
                options=projects,
                multi=True,
                placeholder="Velg prosjekter",
            ),
        ),
    ]


def users_page(view, *, min_password: int) -> html.Div:
    if not view.allowed:
        return html.Div(
            [
                html.H1("Brukere"),
                html.P("Bare sekretariatet har tilgang til brukeradministrasjonen.", className="notice"),
            ]
        )
    projects = [{"label": label, "value": number} for label, number in view.project_choices]
    return html.Div(
        [
            html.H1("Brukere"),
            dcc.Store(id="brukere-versjon", data=0),
            html.Div(id="brukere-tabell"),
            _new_user_panel(projects, min_password),
            _edit_panel(projects, min_password),
        ]
    )


def _new_user_panel(projects: list[dict], min_password: int) -> html.Section:
    return html.Section(
        className="panel",
        children=[
            html.H2("Ny bruker"),
            html.Div(id="brukere-feil"),
            html.Form(
                autoComplete="off",
                **{"aria-label": "Ny bruker"},
                **ENTER_SENDS,
                children=[
                    *[
                        _field(
                            label.format(min=min_password),
                            dcc.Input(id=f"{NEW_PREFIX}{key}", type=kind, maxLength=200, autoComplete=auto),
                        )
                        for key, label, kind, auto in NEW_USER_FIELDS
                    ],
                    *_role_and_projects(NEW_PREFIX, projects),
                    html.Button("Opprett bruker", id="brukere-opprett", className="button-primary", type="button"),
                    _status("brukere-melding"),
                ],
            ),
        ],
    )


def _edit_panel(projects: list[dict], min_password: int) -> html.Section:
    return html.Section(
        className="panel",
        children=[
            html.H2("Endre en bruker"),
            _field("Bruker", dcc.Dropdown(labels=DROPDOWN_LABELS, id=CHOSEN, options=[], placeholder="Velg bruker")),
            html.P(id="brukere-valgt-status"),
            html.Div(id="brukere-endre-feil"),
            html.Form(
                autoComplete="off",
                **{"aria-label": "Endre bruker"},
                **ENTER_SENDS,
                children=[
                    _field(
                        "Navn",
                        dcc.Input(id="brukere-endre-navn", type="text", maxLength=200),
                    ),
                    _field(
                        "E-post",
                        dcc.Input(id="brukere-endre-epost", type="email", maxLength=200),
                    ),
                    *_role_and_projects(EDIT_PREFIX, projects),
                    html.Button("Lagre endringene", id="brukere-lagre", className="button-primary", type="button"),
                    _status("brukere-endre-melding"),
                ],
            ),
            _reset_form(min_password),
            html.H3("Deaktiver eller aktiver"),
            html.P("En deaktivert bruker logges ut med en gang og kan ikke logge inn.", className="muted"),
            html.Button("Deaktiver", id="brukere-deaktiver", className="button-danger", type="button"),
            html.Button("Aktiver", id="brukere-aktiver", className="button-secondary", type="button"),
            _status("brukere-aktiv-melding"),
        ],
    )


def _reset_form(min_password: int) -> html.Form:
    """A form (browsers want password fields in one) with two fields, so Enter never submits it and reloads
    the page; the button's callback does the work."""
    return html.Form(
        autoComplete="off",
        **{"aria-label": "Nytt engangspassord"},
        **ENTER_SENDS,
        children=[
            html.H3("Nytt engangspassord"),
            html.Div(id="brukere-tilbakestill-feil"),
            html.P(
                "Brukeren logges ut overalt og må velge sitt eget passord ved neste innlogging. "
                "La feltet stå tomt, så lager portalen et passord og viser det én gang.",
                className="muted",
            ),
            dcc.Input(
                id="brukere-nytt-passord-bruker",
                type="text",
                autoComplete="off",
                readOnly=True,
                style={"display": "none"},
            ),
            _field(
                f"Engangspassord (minst {min_password} tegn; tomt: portalen lager et)",
                dcc.Input(id="brukere-nytt-passord", type="password", maxLength=200, autoComplete="new-password"),
            ),
            html.Button(
                "Gi nytt engangspassord", id="brukere-tilbakestill", className="button-secondary", type="button"
            ),
            _status("brukere-passord-melding"),
        ],
    )


def _status_text(user) -> str:
    parts = ["aktiv" if user.active else "deaktivert"]
    if user.must_change_password:
        parts.append("har engangspassord")
    return ", ".join(parts)


def users_table(view) -> html.Div | html.P:
    if not view.allowed:
        return message("Du har ikke tilgang til å gjøre dette.", ok=False)
    named = {number: label for label, number in view.project_choices}  # «Eldreløftet (15266)», not «15266» alone
    return html_table(
        [
            Col("username", "Brukernavn"),
            Col("name", "Navn"),
            Col("email", "E-post"),
            Col("role", "Rolle"),
            Col("active", "Status"),
            Col("projects", "Prosjekter"),
        ],
        [
            {
                "username": u.username,
                "name": u.name or "–",
                "email": u.email or "–",
                "role": u.role_label,
                "active": _status_text(u),
                "projects": ", ".join(named.get(number, number) for number in u.projects) or "–",
            }
            for u in view.users
        ],
        caption="Alle brukere",
        table_id="brukere-liste",
    )


def user_choices(view) -> list[dict]:
    """The users to choose from in the edit panel."""
    return [
        {"label": f"{u.name or u.username} ({u.username}){'' if u.active else ' – deaktivert'}", "value": u.username}
        for u in view.users
    ]


def users_list_and_choices(view) -> tuple:
    return users_table(view), user_choices(view) if view.allowed else []


def _summary_and_fields(outcome, prefix: str, keys: tuple[str, ...]) -> tuple:
    """Every problem in a summary with links, and each field's own problem (None where it has none); for the
    edit panel also the chosen user's."""
    field_ids = {key: f"{prefix}{key}" for key in keys}
    shown = field_ids
    if prefix == EDIT_PREFIX:  # the user chosen to edit: over the fields, its message after theirs (the outputs)
        shown = {"brukernavn": CHOSEN, **field_ids}
        field_ids = {**field_ids, "brukernavn": CHOSEN}
    summary, by_field = form_errors(outcome.problems, shown)
    return summary, *field_messages(by_field, field_ids.values())


def new_user_feedback(outcome, version) -> tuple:
    """After "Opprett bruker": summary, message, each field's error, the six fields' values (cleared when
    the user was created, so the next user starts from an empty form) and the table's version."""
    summary, *errors = _summary_and_fields(outcome, NEW_PREFIX, NEW_KEYS)
    if outcome.ok:
        return (None, message(outcome.message), *errors, "", "", "", "", None, [], (version or 0) + 1)
    return (summary, None, *errors, *[no_update] * len(NEW_KEYS), no_update)


def edit_feedback(outcome, version) -> tuple:
    """After "Lagre endringene": summary, message, each field's error (and the chosen user's) and the table's
    version."""
    summary, *errors = _summary_and_fields(outcome, EDIT_PREFIX, EDIT_KEYS)
    if outcome.ok:
        return (None, message(outcome.message), *errors, (version or 0) + 1)
    return (summary, None, *errors, no_update)


def chosen_user_fields(user, *, clear_messages: bool) -> tuple:
    """The edit panel filled in for the chosen user (empty when none); the messages cleared when another
    user was chosen."""
    messages = (None, None) if clear_messages else (no_update, no_update)
    if user is None:
        return ("", "", None, [], None, *messages)
    status = f"«{user.username}» er {_status_text(user)}."
    return (user.name or "", user.email or "", user.role, list(user.projects), status, *messages)


def action_feedback(outcome, version) -> tuple:
    """After a password reset or (de)activation: the message (every problem) and the table's version."""
    return outcome_message(outcome, {"brukernavn": CHOSEN}), (version or 0) + 1 if outcome.ok else no_update


def password_reset_feedback(outcome, version) -> tuple:
    """After "Gi nytt engangspassord": the summary, the message, each field's message (``RESET_FIELD_IDS``
    order), the table's version and the password field (cleared when done)."""
    return (
        *form_outcome(outcome, RESET_FIELD_IDS, title="Engangspassordet ble ikke gitt"),
        (version or 0) + 1 if outcome.ok else no_update,
        "" if outcome.ok else no_update,
    )


PASSWORD_FIELDS = (
    ("current", "Passordet du har nå", "current-password"),
    ("new", "Nytt passord (minst {min} tegn)", "new-password"),
    ("repeat", "Gjenta det nye passordet", "new-password"),
)


def my_page(view, *, min_password: int) -> html.Div:
    who = view.identity
    if who is None:
        return html.Div([html.H1("Min side"), html.P("Du er ikke logget inn.")])
    return html.Div(
        [
            html.H1("Min side"),
            html.P(
                "Du har logget inn med et engangspassord. Velg ditt eget passord nedenfor før du bruker portalen.",
                className="notice",
                id="bruker-engangspassord",
                hidden=not who.must_change_password,
            ),
            html.P(
                ["Du er logget inn som ", html.Strong(who.display), f" (brukernavn {who.username})."],
                id="bruker-navn-vist",
                className="lead",
            ),
            html.P(view.role_text),
            html.H2("Dine prosjekter") if view.projects else None,
            html.Ul([html.Li(dcc.Link(name, href=f"/innrapportering/{ref}")) for name, ref in view.projects])
            if view.projects
            else None,
            _password_form(who.username, min_password),
        ]
    )


def _password_form(username: str, min_password: int) -> html.Section:
    """A form element so browsers and password managers know the fields belong together; Enter in a
    field sends it through the button (assets/enter_submit.js), never by reloading the page."""
    return html.Section(
        className="panel",
        **ENTER_SENDS,
        children=html.Form(
            **{"aria-label": "Bytt passord"},
            children=[
                html.H2("Bytt passord"),
                # password managers pair the new password with this account (the field itself is not shown)
                dcc.Input(
                    id="bruker-passord-brukernavn",
                    type="text",
                    value=username,
                    autoComplete="username",
                    readOnly=True,
                    style={"display": "none"},
                ),
                html.Div(id="bruker-passord-feil"),
                *[
                    html.Div(
                        [
                            html.Label(label.format(min=min_password), htmlFor=f"bruker-passord-{key}"),
                            dcc.Input(
                                id=f"bruker-passord-{key}",
                                type="password",
                                autoComplete=autocomplete,
                                maxLength=200,
                                debounce=False,
                            ),
                            field_error(f"bruker-passord-{key}"),
                        ],
                        className="field",
                    )
                    for key, label, autocomplete in PASSWORD_FIELDS
                ],
                html.Button("Bytt passord", id="bruker-passord-knapp", className="button-primary", type="button"),
                _status("bruker-passord-melding"),
            ],
        ),
    )


def password_feedback(outcome) -> tuple:
    """The summary, the message, each field's error, the three fields' new values (cleared on success), and
    whether the one-time notice is hidden. On success a link onward loads the page anew, with the whole menu
    (trial 25a: after a one-time password the menu stayed empty and the notice stayed until a reload)."""
    field_ids = {key: f"bruker-passord-{key}" for key, _label, _auto in PASSWORD_FIELDS}
    summary, said, *fields = form_outcome(outcome, field_ids, title="Passordet er ikke byttet")
    if outcome.ok:
        said = html.Div([said, html.P(html.A("Gå videre til oversikten", href="/"))])
    return (summary, said, *fields, *(("", "", "") if outcome.ok else [no_update] * 3), outcome.ok or no_update)
