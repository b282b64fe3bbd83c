"""Render any of the round's documents from its data: report (pdf, docx, xlsx), slides (pptx), case document
(saksframlegg). ``services.documents`` reads the data and calls ``render``."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from domain.formatting import format_date, format_kr, lower_first
from reports import docx_report, pdf_report
from reports.charts import renderer, report_charts
from reports.data import ReportData, report_title
from reports.other_formats import PPTX_CHART_WIDTH, pptx_report, xlsx_report
from reports.outline import document_author, matrix_tables, outline

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "saksframlegg": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportError(ValueError):
    """The document cannot be made; the message is Norwegian."""


@dataclass
class RenderedDocument:
    content: bytes
    filename: str
    mimetype: str


def render(
    data: ReportData, fmt: str, *, meeting_date: date | None = None, case_number: str | None = None
) -> RenderedDocument:
    """The document in format ``fmt``; charts are drawn through kaleido when a browser is installed."""
    if fmt not in FORMATS:
        raise ReportError(f"Ukjent format «{fmt}»; bruk {', '.join(FORMATS)}.")
    stem = f"{report_title(data).replace(' ', '_')}".lower()
    if fmt == "xlsx":
        return RenderedDocument(xlsx_report(data), f"{stem}.xlsx", FORMATS[fmt])
    if fmt == "saksframlegg":
        return RenderedDocument(
            case_document(data, meeting_date, case_number), f"saksframlegg_{stem}.docx", FORMATS[fmt]
        )
    charts = [] if data.empty else report_charts(data, slides=fmt == "pptx")
    figures = [figure for _key, _title, _summary, parts in charts for figure in parts]
    with renderer(figures, width=PPTX_CHART_WIDTH if fmt == "pptx" else 900) as draw:
        if fmt == "pptx":
            return RenderedDocument(pptx_report(data, charts, draw), f"{stem}.pptx", FORMATS[fmt])
        blocks = outline(data, charts)
        if fmt == "docx":
            return RenderedDocument(docx_report.render_blocks(blocks, draw), f"{stem}.docx", FORMATS[fmt])
        return RenderedDocument(
            pdf_report.render_blocks(blocks, draw, title=report_title(data).capitalize()), f"{stem}.pdf", FORMATS[fmt]
        )


def case_document(data: ReportData, meeting_date: date | None, case_number: str | None) -> bytes:
    """Saksframlegg for SSU: title, to, from, meeting date, background, the matrix, proposals per project."""
    doc = docx_report.new_document()
    doc.core_properties.title = f"Saksframlegg: {report_title(data)}"
    doc.core_properties.author = doc.core_properties.last_modified_by = document_author(data.partnership)
    doc.add_heading(
        f"Sak {case_number or '__/__'}: Videreføring, justering eller avslutning av prosjekter med "
        f"{lower_first(data.scheme)} – {data.round_name}",
        level=1,
    )
    for label, value in (
        ("Til", "Strategisk samarbeidsutvalg (SSU)"),
        ("Fra", "Sekretariatet"),
        ("Møtedato", format_date(meeting_date) if meeting_date else ""),
    ):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_heading("Bakgrunn", level=2)
    doc.add_paragraph(
        f"{data.partnership} fordeler {format_kr(data.envelope)} årlig i {lower_first(data.scheme)}. "
        f"{data.coverage} Matrisen under viser økonomi, milepæler, poeng og et forslag etter faste regler, og "
        "sekretariatets anbefaling. Et prosjekt som ikke har rapportert i runden, får ikke noe forslag."
    )
    if data.scores_note:
        doc.add_paragraph(
            f"Merk: {lower_first(data.scores_note)} Forslag som bygger på et slikt poeng, sier det i begrunnelsen "
            "(«eksempeldata»)."
        )
    for note in data.finding_notes + data.unchecked_notes:
        doc.add_paragraph(note, style="List Bullet")
    doc.add_heading("Beslutningsmatrise", level=2)
    doc.add_paragraph(
        "Matrisen står på de neste, liggende sidene: først økonomi, så milepæler og poeng, så forslag, anbefaling "
        "og vedtak."
    )
    for table in matrix_tables(data.matrix):
        docx_report.add_table(doc, table, landscape=True)
    docx_report.portrait(doc)
    doc.add_heading("Forslag til vedtak", level=2)
    for project, proposal in data.proposals:
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(f"{project}: ").bold = True
        paragraph.add_run(docx_report.keep_together(proposal))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
