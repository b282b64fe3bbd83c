"""Generate any of the round's documents: report (pdf, docx, xlsx), slides (pptx), case document (saksframlegg)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.shared import Pt
from sqlalchemy import select

from db.models import SsuRecommendation
from db.session import read_session
from domain.formatting import format_date, format_kr
from domain.recommendation import LABELS
from reports import docx_report, pdf_report
from reports.charts import renderer, report_charts
from reports.data import ReportData, round_report_data, report_title
from reports.other_formats import pptx_report, xlsx_report
from reports.outline import outline

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "saksframlegg": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportError(ValueError):
    pass


@dataclass
class Document_:
    content: bytes
    filename: str
    mimetype: str


def generate(url: str, *, round_name: str | None, fmt: str, today: date, meeting_date: date | None = None,
             case_number: str | None = None, scheme_id: int | None = None) -> Document_:
    if fmt not in FORMATS:
        raise ReportError(f"Ukjent format «{fmt}»; bruk {', '.join(FORMATS)}.")
    with read_session(url) as session:
        data = round_report_data(session, round_name=round_name, today=today, scheme_id=scheme_id)
        if data is None:
            raise ReportError(f"Runden «{round_name}» finnes ikke.")
        recommendations = {r.project_id: r for r in session.scalars(
            select(SsuRecommendation).filter_by(round_id=data.round_id))}
    stem = f"{report_title(data).replace(' ', '_')}".lower()
    if fmt == "xlsx":
        return Document_(xlsx_report(data), f"{stem}.xlsx", FORMATS[fmt])
    if fmt == "saksframlegg":
        return Document_(case_document(data, recommendations, meeting_date, case_number),
                         f"saksframlegg_{stem}.docx", FORMATS[fmt])
    charts = [] if data.empty else report_charts(data)
    with renderer() as render:
        if fmt == "pptx":
            return Document_(pptx_report(data, charts, render), f"{stem}.pptx", FORMATS[fmt])
        blocks = outline(data, charts)
        if fmt == "docx":
            return Document_(docx_report.render_blocks(blocks, render), f"{stem}.docx", FORMATS[fmt])
        return Document_(pdf_report.render_blocks(blocks, render, title=report_title(data).capitalize()),
                         f"{stem}.pdf", FORMATS[fmt])


def case_document(data: ReportData, recommendations: dict, meeting_date: date | None,
                  case_number: str | None) -> bytes:
    """Saksframlegg for SSU: title, to, from, meeting date, background, the matrix, proposals per project."""
    doc = Document()
    doc.core_properties.language = "nb-NO"
    doc.add_heading(f"Sak {case_number or '__/__'}: Videreføring, justering eller avslutning av prosjekter med "
                    f"samhandlingsmidler – {data.round_name}", level=1)
    for label, value in (("Til", "Strategisk samarbeidsutvalg (SSU)"), ("Fra", "Sekretariatet"),
                         ("Møtedato", format_date(meeting_date) if meeting_date else "")):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_heading("Bakgrunn", level=2)
    doc.add_paragraph(
        f"{data.partnership} fordeler {format_kr(data.envelope)} årlig i {data.scheme.lower()}. "
        f"Rapporten for {data.round_name} omfatter {len(data.sections)} aktive prosjekter. Matrisen under viser "
        "økonomi, milepæler, poeng og et forslag etter faste regler, og sekretariatets anbefaling.")
    for note in data.finding_notes:
        doc.add_paragraph(note, style="List Bullet")
    doc.add_heading("Beslutningsmatrise", level=2)
    docx_report._table(doc, data.matrix)
    doc.add_heading("Forslag til vedtak", level=2)
    headers = data.matrix.headers
    for row in data.matrix.rows:
        project = row[headers.index("Prosjekt")]
        suggested = row[headers.index("Foreslått (regler)")]
        own = row[headers.index("Sekretariatets anbefaling")]
        proposal = own if own != "ikke satt" else suggested
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(f"{project}: ").bold = True
        paragraph.add_run(proposal)
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(11)
    out = io.BytesIO()
    doc.save(out)
    _ = (recommendations, LABELS)
    return out.getvalue()
