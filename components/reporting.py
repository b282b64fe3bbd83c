"""Builders for the reporting pages: status per project, validation reports, change previews, history."""

from __future__ import annotations

from dash import dcc, html

from components.filters import query_string
from components.tables import Col, html_table
from domain.formatting import format_local_time
from domain.vocabulary import (
    IMPORTED,
    NO_REMINDER_ADDRESS,
    NO_REMINDER_ADDRESS_HINT,
    REMINDED,
    REMINDER_ADDRESS_LABEL,
    REMINDER_PREPARED,
    REPORTED_STATUSES,
    SOURCE_LABELS,
    SUBMISSION_LABELS,
)


def _when(value) -> str:
    """A stored moment (UTC) in Norwegian time, as everywhere on the page."""
    return format_local_time(value)


def status_summary(rows: list) -> str:
    done = sum(1 for r in rows if r.status in REPORTED_STATUSES)
    approved = sum(1 for r in rows if r.status == "approved")
    imported = sum(1 for r in rows if r.status == IMPORTED)
    overdue = sum(1 for r in rows if r.overdue)
    parts = [f"{approved} godkjent"] + ([f"{imported} fra rapportfilen"] if imported else [])
    return f"{done} av {len(rows)} prosjekter har rapportert ({', '.join(parts)}). " + (
        f"{overdue} har ikke rapportert innen fristen." if overdue else "Ingen har passert fristen uten å rapportere."
    )


def reminded_text(last) -> str:
    """«Påminnet 23.11.2026 kl. 10.15 (ola@kommune.no)», or that the text was only prepared (no mail server)."""
    if last is None:
        return "–"
    to = f" ({last.recipients})" if last.recipients else ""
    if last.sent:
        return f"{REMINDED} {format_local_time(last.at)}{to}"
    return f"{REMINDER_PREPARED} {format_local_time(last.at)}, ikke sendt{to}"


def _addresses(recipients) -> str:
    if recipients is None:
        return "–"
    return ", ".join(recipients.addresses) or f"{NO_REMINDER_ADDRESS} – {NO_REMINDER_ADDRESS_HINT}"


def round_status_table(rows: list, *, round_name: str) -> html.Div:
    table_rows = [
        {
            "project": [
                dcc.Link(r.project, href=f"/innrapportering/{r.project_ref}" + query_string({"runde": round_name}))
            ],
            "status": ("⚠ " if r.overdue else "") + r.label + (" – fristen er passert" if r.overdue else ""),
            "when": _when(r.when),
            "version": "–" if r.version is None else str(r.version),
            "comment": r.comment or "–",
            "email": _addresses(r.recipients),
            "reminded": reminded_text(r.reminded),
            "row_class": "status-overdue" if r.overdue else None,
        }
        for r in rows
    ]
    return html_table(
        [
            Col("project", "Prosjekt"),
            Col("status", "Status"),
            Col("when", "Sist endret"),
            Col("version", "Versjon", True),
            Col("comment", "Kommentar fra sekretariatet"),
        ]
        + ([Col("email", REMINDER_ADDRESS_LABEL)] if any(r.recipients is not None for r in rows) else [])
        + [Col("reminded", "Siste påminnelse")],
        table_rows,
        caption="Hvem har rapportert",
        table_id="innrapportering-statustabell",
        row_class_key="row_class",
    )


def changes_table(changes: list, *, table_id: str, caption: str) -> html.Div:
    if not changes:
        return html.P("Ingen endringer sammenlignet med det som er lagret.", className="muted", id=table_id)
    return html_table(
        [Col("area", "Område"), Col("key", "Hva"), Col("kind", "Endring"), Col("before", "Før"), Col("after", "Etter")],
        [{"area": c.area, "key": c.key, "kind": c.kind, "before": c.before, "after": c.after} for c in changes],
        caption=caption,
        table_id=table_id,
    )


def submissions_table(subs: list) -> html.Div:
    return html_table(
        [
            Col("version", "Versjon", True),
            Col("status", "Status"),
            Col("source", "Kilde"),
            Col("by", "Av"),
            Col("when", "Når"),
            Col("comment", "Kommentar"),
        ],
        [
            {
                "version": str(s.version),
                "status": SUBMISSION_LABELS[s.status],
                "source": s.source_name if s.source_kind == "excel" else SOURCE_LABELS["form"],
                "by": s.created_by,
                "when": _when(s.submitted_at or s.created_at),
                "comment": s.comment or "–",
            }
            for s in subs
        ],
        caption="Alle versjoner (ingen slettes)",
        table_id="prosjektrapportering-versjonstabell",
    )


def audit_table(entries: list, *, table_id: str) -> html.Div:
    if not entries:
        return html.P("Ingen endringer er registrert ennå.", className="muted", id=table_id)
    return html_table(
        [
            Col("when", "Når"),
            Col("actor", "Hvem"),
            Col("action", "Hva"),
            Col("key", "Felt"),
            Col("before", "Før"),
            Col("after", "Etter"),
            Col("source", "Kilde"),
        ],
        [
            {
                "when": _when(e.at),
                "actor": e.actor,
                "action": e.action,
                "key": " – ".join(filter(None, [e.entity, e.entity_key])) or "–",
                "before": e.before or "–",
                "after": e.after or "–",
                "source": e.source or "–",
            }
            for e in entries
        ],
        caption="Historikk: hvem endret hva, når og fra hvor",
        table_id=table_id,
    )
