"""Brukere (the secretariat's user administration) and Min side (each user's own page)."""

from __future__ import annotations

from dash import dcc, html, no_update

from components.feedback import message
from components.tables import Col, html_table
from domain.vocabulary import ROLES

ROLE_OPTIONS = [{"label": r.label, "value": r.key} for r in ROLES]
NEW_USER_FIELDS = (
    ("brukernavn", "Brukernavn", "text"),
    ("navn", "Navn", "text"),
    ("epost", "E-post", "email"),
    ("passord", "Passord (minst {min} tegn)", "password"),
)


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control], className="field")


def _status(element_id: str) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"})


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
            html.Section(
                className="panel",
                children=[
                    html.H2("Ny bruker"),
                    html.Form(
                        autoComplete="off",
                        children=[
                            *[
                                _field(
                                    label.format(min=min_password),
                                    dcc.Input(id=f"brukere-{key}", type=kind, maxLength=200),
                                )
                                for key, label, kind in NEW_USER_FIELDS
                            ],
                            _field(
                                "Rolle",
                                dcc.Dropdown(id="brukere-rolle", options=ROLE_OPTIONS, placeholder="Velg rolle"),
                            ),
                            _field(
                                "Prosjekter (for prosjektledere)",
                                dcc.Dropdown(id="brukere-prosjekter", options=projects, multi=True, placeholder="Velg"),
                            ),
                            html.Button(
                                "Opprett bruker", id="brukere-opprett", className="button-primary", type="button"
                            ),
                            _status("brukere-melding"),
                        ],
                    ),
                ],
            ),
            html.Section(
                className="panel",
                children=[
                    html.H2("Deaktiver eller aktiver"),
                    _field("Brukernavn", dcc.Input(id="brukere-aktiv-navn", type="text")),
                    html.Button("Deaktiver", id="brukere-deaktiver", className="button-danger", type="button"),
                    html.Button("Aktiver", id="brukere-aktiver", className="button-secondary", type="button"),
                    _status("brukere-aktiv-melding"),
                ],
            ),
        ]
    )


def users_table(view) -> html.Div | html.P:
    if not view.allowed:
        return message("Du har ikke tilgang til å gjøre dette.", ok=False)
    return html_table(
        [
            Col("username", "Brukernavn"),
            Col("name", "Navn"),
            Col("email", "E-post"),
            Col("role", "Rolle"),
            Col("active", "Aktiv"),
            Col("projects", "Prosjekter"),
        ],
        [
            {
                "username": u.username,
                "name": u.name or "–",
                "email": u.email or "–",
                "role": u.role,
                "active": "ja" if u.active else "nei",
                "projects": ", ".join(u.projects) or "–",
            }
            for u in view.users
        ],
        caption="Alle brukere",
        table_id="brukere-liste",
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
    """A form element so browsers and password managers know the fields belong together; it has no
    submit button, so Enter in a field never reloads the page (the button's callback does the work)."""
    return html.Section(
        className="panel",
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
                html.Div(id="bruker-passord-feil", role="alert"),
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
                            html.Div(id=f"bruker-passord-{key}-feil", className="field-error"),
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
    """The summary, the message, each field's error, and the three fields' new values (cleared on success)."""
    keys = [key for key, _label, _auto in PASSWORD_FIELDS]
    if outcome.ok:
        return (None, message(outcome.message), *[None] * 3, "", "", "")
    by_field = {p.field: p.message for p in outcome.problems if p.field}
    general = [p.message for p in outcome.problems if not p.field]
    summary = html.Div(
        [
            html.P("Passordet er ikke byttet:", className="error-text"),
            html.Ul(
                [html.Li(text) for text in general]
                + [html.Li(html.A(text, href=f"#bruker-passord-{key}")) for key, text in by_field.items()]
            ),
        ]
    )
    return (summary, None, *[by_field.get(key) for key in keys], *[no_update] * 3)
