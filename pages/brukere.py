"""Brukere (secretariat only): who has access, with which role and projects; add and disable users."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

import runtime
from authz import ADMIN, Forbidden
from components.tables import Col, html_table
from db.models import Project
from db.session import read_session, session_scope
from db.users import UserError, add_user, list_users, set_active

dash.register_page(__name__, path="/brukere", name="Brukere", title="Brukere – Gevinstportalen", nav_order=8)

ROLE_OPTIONS = [{"label": "Sekretariatet", "value": "sekretariat"},
                {"label": "Prosjektleder", "value": "prosjektleder"}, {"label": "Leser (f.eks. SSU)", "value": "leser"}]


def layout(**_ignored):
    if not runtime.allowed(ADMIN):
        return html.Div([html.H1("Brukere"), html.P("Bare sekretariatet har tilgang til brukeradministrasjonen.",
                                                     className="notice")])
    with read_session(runtime.database_url()) as session:
        projects = [{"label": p.display_name, "value": p.number} for p in session.query(Project)
                    .filter(Project.number.isnot(None)).order_by(Project.id)]
    return html.Div([
        html.H1("Brukere"),
        dcc.Store(id="brukere-version", data=0),
        html.Div(id="brukere-tabell"),
        html.Section(className="panel", children=[html.H2("Ny bruker"), html.Form(autoComplete="off", children=[
            *[html.Div([html.Label(label, htmlFor=f"brukere-{key}"),
                        dcc.Input(id=f"brukere-{key}", type=kind, maxLength=200)], className="field")
              for key, label, kind in (("brukernavn", "Brukernavn", "text"), ("navn", "Navn", "text"),
                                       ("epost", "E-post", "email"), ("passord", "Passord (minst 10 tegn)",
                                                                       "password"))],
            html.Div([html.Label("Rolle", htmlFor="brukere-rolle"),
                      dcc.Dropdown(id="brukere-rolle", options=ROLE_OPTIONS, placeholder="Velg rolle")],
                     className="field"),
            html.Div([html.Label("Prosjekter (for prosjektledere)", htmlFor="brukere-prosjekter"),
                      dcc.Dropdown(id="brukere-prosjekter", options=projects, multi=True, placeholder="Velg")],
                     className="field"),
            html.Button("Opprett bruker", id="brukere-opprett", className="button-primary", type="button"),
            html.Div(id="brukere-melding", role="status", **{"aria-live": "polite"}),
        ])]),
        html.Section(className="panel", children=[
            html.H2("Deaktiver eller aktiver"),
            html.Div([html.Label("Brukernavn", htmlFor="brukere-aktiv-navn"),
                      dcc.Input(id="brukere-aktiv-navn", type="text")], className="field"),
            html.Button("Deaktiver", id="brukere-deaktiver", className="button-danger", type="button"),
            html.Button("Aktiver", id="brukere-aktiver", className="button-secondary", type="button"),
            html.Div(id="brukere-aktiv-melding", role="status", **{"aria-live": "polite"}),
        ]),
    ])


@callback(Output("brukere-tabell", "children"), Input("brukere-version", "data"))
def show_users(_version):
    try:
        runtime.require(ADMIN)
    except Forbidden as exc:
        return html.P(str(exc), className="error-text")
    with read_session(runtime.database_url()) as session:
        numbers = {p.id: p.number or f"id-{p.id}" for p in session.query(Project)}
        rows = [{"username": u.username, "name": u.name or "–", "email": u.email or "–", "role": u.role,
                 "active": "ja" if u.is_active else "nei",
                 "projects": ", ".join(sorted(numbers[link.project_id] for link in u.projects)) or "–"}
                for u in list_users(session)]
    return html_table([Col("username", "Brukernavn"), Col("name", "Navn"), Col("email", "E-post"),
                       Col("role", "Rolle"), Col("active", "Aktiv"), Col("projects", "Prosjekter")], rows,
                      caption="Alle brukere", table_id="brukere-liste")


@callback(Output("brukere-melding", "children"), Output("brukere-version", "data"),
          Input("brukere-opprett", "n_clicks"), State("brukere-brukernavn", "value"), State("brukere-navn", "value"),
          State("brukere-epost", "value"), State("brukere-passord", "value"), State("brukere-rolle", "value"),
          State("brukere-prosjekter", "value"), State("brukere-version", "data"), prevent_initial_call=True)
def create(_clicks, username, name, email, password, role, projects, version):
    try:
        runtime.require(ADMIN)
        with session_scope(runtime.database_url()) as session:
            add_user(session, username=(username or "").strip(), role=role or "", password=password or "",
                     name=name, email=email, projects=projects or [], actor=runtime.current_user())
    except (Forbidden, UserError) as exc:
        return html.P(str(exc), className="error-text"), no_update
    return html.P(f"Brukeren «{username}» er opprettet.", className="ok-text"), (version or 0) + 1


@callback(Output("brukere-aktiv-melding", "children"), Output("brukere-version", "data", allow_duplicate=True),
          Input("brukere-deaktiver", "n_clicks"), Input("brukere-aktiver", "n_clicks"),
          State("brukere-aktiv-navn", "value"), State("brukere-version", "data"), prevent_initial_call=True)
def activate(_off, _on, username, version):
    active = dash.ctx.triggered_id == "brukere-aktiver"
    try:
        runtime.require(ADMIN)
        with session_scope(runtime.database_url()) as session:
            set_active(session, username=(username or "").strip(), active=active, actor=runtime.current_user())
    except (Forbidden, UserError) as exc:
        return html.P(str(exc), className="error-text"), no_update
    return html.P(f"«{username}» er {'aktivert' if active else 'deaktivert'}.", className="ok-text"), (version or 0) + 1
