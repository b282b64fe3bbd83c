"""The list of printed figures that break their formula."""

from __future__ import annotations

from dash import html

from domain.formatting import format_kr
from domain.money import Finding


def findings_rows(findings: list[Finding]) -> list[dict]:
    """Plain rows for a table of findings."""
    return [
        {
            "project": f.project,
            "figure": f.label,
            "formula": f.formula,
            "reported": format_kr(f.reported),
            "computed": format_kr(f.computed),
            "difference": format_kr(f.difference, signed=True),
            "message": f.message,
        }
        for f in findings
    ]


def findings_table(findings: list[Finding], *, table_id: str) -> html.Div:
    if not findings:
        return html.P("Ingen avvik: alle trykte tall stemmer med formlene.", className="ok-text", id=table_id)
    header = html.Thead(
        html.Tr([html.Th(h, scope="col") for h in ("Prosjekt", "Tall", "Formel", "Oppgitt", "Beregnet", "Avvik")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(row["project"]),
                    html.Td(row["figure"]),
                    html.Td(row["formula"]),
                    html.Td(row["reported"], className="amount"),
                    html.Td(row["computed"], className="amount"),
                    html.Td(row["difference"], className="amount warn"),
                ]
            )
            for row in findings_rows(findings)
        ]
    )
    return html.Div(
        html.Table(
            [
                html.Caption("Trykte tall som ikke stemmer med rapportens egne formler"),
                header,
                body,
            ],
            className="data-table",
        ),
        id=table_id,
        className="table-scroll",
        tabIndex="0",
        role="region",
        **{"aria-label": "Trykte tall som ikke stemmer med formlene"},
    )
