"""Min side: who is logged in, with which role and projects."""

from __future__ import annotations

import dash
from dash import dcc, html

import runtime
from db.models import Project
from db.session import read_session

dash.register_page(__name__, path="/bruker", name="Min side", title="Min side – Gevinstportalen")

ROLE_TEXT = {
    "sekretariat": "Sekretariatet: alt, også runder, godkjenning og brukere.",
    "prosjektleder": "Prosjektleder: leser alt som er godkjent, og rapporterer for egne prosjekter.",
    "leser": "Leser: leser alt som er godkjent.",
}


def layout(**_ignored):
    who = runtime.identity()
    if who is None:
        return html.Div([html.H1("Min side"), html.P("Du er ikke logget inn.")])
    with read_session(runtime.database_url()) as session:
        projects = [session.get(Project, pid) for pid in sorted(who.project_ids)]
    return html.Div([
        html.H1("Min side"),
        html.P(["Du er logget inn som ", html.Strong(who.display), f" (brukernavn {who.username})."],
               id="bruker-navn-vist", className="lead"),
        html.P(ROLE_TEXT[who.role]),
        html.H2("Dine prosjekter") if projects else None,
        html.Ul([html.Li(dcc.Link(p.display_name, href=f"/innrapportering/{p.number or f'id-{p.id}'}"))
                 for p in projects]) if projects else None,
        html.P("Passord byttes av sekretariatet med «python -m etl users set-password BRUKER --password-stdin».",
               className="muted"),
    ])
