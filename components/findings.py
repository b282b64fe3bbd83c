"""The list of printed figures that break their formula."""

from __future__ import annotations

from dash import html

from components.cells import Kr, cell_text
from components.money import EXPECTED, PRINTED
from domain.formatting import format_kr
from domain.money import Finding


def findings_rows(findings: list[Finding]) -> list[dict]:
    """Typed rows for a table of findings: the printed figure, its check (kontroll) and the difference."""
    return [
        {
            "project": f.project,
            "figure": f.label,
            "formula": f.formula,
            "reported": Kr(f.reported),
            "computed": Kr(f.computed),
            "difference": Kr(f.difference),
            "message": f.message,
        }
        for f in findings
    ]


def findings_table(findings: list[Finding], *, table_id: str) -> html.Div:
    if not findings:
        return html.P("Ingen avvik: alle trykte tall stemmer med formlene.", className="ok-text", id=table_id)
    header = html.Thead(
        html.Tr([html.Th(h, scope="col") for h in ("Prosjekt", "Tall", "Formel", PRINTED, EXPECTED, "Avvik")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(row["project"]),
                    html.Td(row["figure"]),
                    html.Td(row["formula"]),
                    html.Td(cell_text(row["reported"]), className="amount"),
                    html.Td(cell_text(row["computed"]), className="amount"),
                    html.Td(format_kr(row["difference"].value, signed=True), className="amount warn"),
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
