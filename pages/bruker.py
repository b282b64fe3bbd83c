"""Min side: who is logged in, with which role and projects."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

import runtime
from db.models import Project
from db.session import read_session, session_scope
from db.users import MIN_PASSWORD, change_own_password

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
        _password_form(who.username),
    ])


PASSWORD_FIELDS = (("current", "Passordet du har nå", "current-password"),
                   ("new", f"Nytt passord (minst {MIN_PASSWORD} tegn)", "new-password"),
                   ("repeat", "Gjenta det nye passordet", "new-password"))


def _password_form(username: str) -> html.Section:
    """A form element so browsers and password managers know the fields belong together; it has no
    submit button, so Enter in a field never reloads the page (the button's callback does the work)."""
    return html.Section(className="panel", children=html.Form(**{"aria-label": "Bytt passord"}, children=[
        html.H2("Bytt passord"),
        # password managers pair the new password with this account (the field itself is not shown)
        dcc.Input(id="bruker-passord-brukernavn", type="text", value=username, autoComplete="username",
                  readOnly=True, style={"display": "none"}),
        html.Div(id="bruker-passord-feil", role="alert"),
        *[html.Div([html.Label(label, htmlFor=f"bruker-passord-{key}"),
                    dcc.Input(id=f"bruker-passord-{key}", type="password", autoComplete=autocomplete,
                              maxLength=200, debounce=False),
                    html.Div(id=f"bruker-passord-{key}-feil", className="field-error")], className="field")
          for key, label, autocomplete in PASSWORD_FIELDS],
        html.Button("Bytt passord", id="bruker-passord-knapp", className="button-primary", type="button"),
        html.Div(id="bruker-passord-melding", role="status", **{"aria-live": "polite"}),
    ]))


@callback(Output("bruker-passord-feil", "children"), Output("bruker-passord-melding", "children"),
          *[Output(f"bruker-passord-{key}-feil", "children") for key, _l, _a in PASSWORD_FIELDS],
          *[Output(f"bruker-passord-{key}", "value") for key, _l, _a in PASSWORD_FIELDS],
          Input("bruker-passord-knapp", "n_clicks"),
          *[State(f"bruker-passord-{key}", "value") for key, _l, _a in PASSWORD_FIELDS],
          prevent_initial_call=True)
def change_password(_clicks, current, new, repeat):
    who = runtime.identity()
    if who is None:
        return (html.P("Du er ikke logget inn.", className="error-text"), None, *[None] * 3, *[no_update] * 3)
    with session_scope(runtime.database_url()) as session:
        problems = change_own_password(session, user_id=who.id, current=current or "", new=new or "",
                                       repeat=repeat or "")
    if problems:
        summary = html.Div([html.P("Passordet er ikke byttet:", className="error-text"), html.Ul([
            html.Li(html.A(text, href=f"#bruker-passord-{key}")) for key, text in problems.items()])])
        return (summary, None, *[problems.get(key) for key, _l, _a in PASSWORD_FIELDS], *[no_update] * 3)
    return (None, html.P("Passordet er byttet. Bruk det nye neste gang du logger inn.", className="ok-text"),
            *[None] * 3, "", "", "")
