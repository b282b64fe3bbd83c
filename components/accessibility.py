"""Tilgjengelighetserklæring: how Gevinstportalen meets WCAG 2.1 AA, and its known gaps."""

from __future__ import annotations

from dash import dcc, html


def accessibility_statement(partnership: str | None = None) -> html.Article:
    """The accessibility statement (tilgjengelighetserklæring): how WCAG 2.1 AA is met, and the known gaps.
    ``partnership``: the reader's own, whose secretariat to contact (None: a national reader or nobody logged in)."""
    contact = f"sekretariatet i {partnership}" if partnership else "sekretariatet i ditt helsefellesskap"
    return html.Article(
        className="prose",
        children=[
            html.H1("Tilgjengelighetserklæring"),
            html.P(
                "Gevinstportalen skal oppfylle kravene til universell utforming av IKT (WCAG 2.1 nivå AA), "
                "slik forskrift om universell utforming av IKT-løsninger krever for offentlige virksomheter."
            ),
            html.H2("Slik tester vi"),
            html.Ul(
                [
                    html.Li(
                        "Hver side kontrolleres automatisk med axe-core i en ekte nettleser hver gang testene kjører; "
                        "ingen alvorlige eller kritiske brudd er tillatt."
                    ),
                    html.Li(
                        "Det samme gjøres for hver rolle i tilstandene brukerne møter: med detaljer åpne, skjemaer "
                        "sendt med feil og opplasting av feil fil, og med nedtrekkslister og menyer åpne (de er de "
                        "samme for alle roller)."
                    ),
                    html.Li(
                        "En test går gjennom hovedoppgavene bare med tastatur: innlogging, hopp til innhold, meny, "
                        "filtre "
                        "og nedlasting."
                    ),
                ]
            ),
            html.H2("Dette er på plass"),
            html.Ul(
                [
                    html.Li(
                        "Hele løsningen er på norsk bokmål, med norske tall-, beløps- og datoformater (også i "
                        "diagrammer)."
                    ),
                    html.Li(
                        "Alle diagrammer har en overskrift som sier hva de viser, en kort tekst med hovedfunnet og "
                        "tallene som tabell («Vis tallene som tabell»). Skjermlesere får teksten og tabellen; selve "
                        "tegningen er skjult for dem."
                    ),
                    html.Li(
                        "Farger bærer aldri mening alene: status har både farge, mønster, symbol og tekst, og "
                        "varmekartet "
                        "skriver tallet i hver celle. Fargene er valgt for fargeblinde (Okabe–Ito)."
                    ),
                    html.Li(
                        "En «Hopp til hovedinnholdet»-lenke, synlig fokus, og skjemaer der hvert felt har en "
                        "ledetekst. "
                        "Feil vises samlet øverst med lenker og ved hvert felt, og leses opp av skjermlesere."
                    ),
                    html.Li(
                        "Sidene kan brukes med 200 % forstørrelse og på en projektor med 1366 × 768 punkter, og "
                        "skrives "
                        "pent ut på A4."
                    ),
                ]
            ),
            html.H2("Kjente mangler"),
            html.Ul(
                [
                    html.Li(
                        "Tabellene i rutenett (prosjektlisten, milepælslisten og skjemaets rutenett) bruker AG Grid. "
                        "De kan brukes med tastatur, men skjermlesere leser dem mindre naturlig enn vanlige tabeller. "
                        "Alle tallene finnes også som nedlastbar Excel-fil."
                    ),
                    html.Li(
                        "Zoom og panorering i diagrammene krever mus; tallene finnes i tabellene under diagrammene."
                    ),
                    html.Li("Opplasting ved å dra filer krever mus; velg fil med tastaturet i stedet."),
                ]
            ),
            html.H2("Gi oss beskjed"),
            html.P(
                [
                    f"Finner du noe som ikke virker, kontakt {contact}. Du kan også klage til ",
                    html.A(
                        "Tilsynet for universell utforming av ikt", href="https://www.uutilsynet.no/", rel="noopener"
                    ),
                    ".",
                ]
            ),
            dcc.Link("Til oversikten", href="/"),
        ],
    )
