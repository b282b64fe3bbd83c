"""The web form for a project's report: initial rows, and conversion to content with the template's rules."""

from __future__ import annotations

from dataclasses import dataclass

import dash_ag_grid as dag

from domain.report_content import (
    KIND_LABELS, NARRATIVE_KINDS, SCORE_DIMENSIONS, STATUS_CHOICES, ReportContent, ReportedKpiTarget,
    ReportedKpiValue,
    ReportedMilestone, ReportedScore, blank, check_amount, check_code, check_date, check_kind, check_number,
    check_period, check_score, check_status,
)


@dataclass(frozen=True)
class FieldError:
    field_id: str
    label: str
    message: str


def milestone_rows(milestones: list[ReportedMilestone]) -> list[dict]:
    return [{"code": m.code, "description": m.description, "period": m.period_text or "",
             "status": m.status_text or "", "kind": KIND_LABELS[m.kind]} for m in milestones]


def score_rows(scores: dict[str, tuple[int, str]]) -> list[dict]:
    return [{"dimension": dim, "label": f"{label} (0–{top})",
             "value": scores[dim][0] if dim in scores else None,
             "justification": scores[dim][1] if dim in scores else ""} for dim, label, top in SCORE_DIMENSIONS]


def kpi_rows(kpis: list) -> list[dict]:
    return [{"kpi_id": k.id, "name": k.name, "unit": k.unit, "last": k.last, "date": "", "value": "",
             "new_target": "", "new_target_date": "", "reason": ""} for k in kpis]


def form_to_content(*, spent, future_use, milestones: list[dict], scores: list[dict], kpis: list[dict],
                    texts: dict[str, str]) -> tuple[ReportContent, list[FieldError]]:
    """Apply exactly the rules of the Excel template; every error names its field and row."""
    content = ReportContent()
    errors: list[FieldError] = []
    for field_id, label, raw, attr in (("rapport-brukt", "Brukte midler totalt", spent, "spent_total"),
                                       ("rapport-fremtidig", "Planlagt bruk av gjenværende midler", future_use,
                                        "future_use")):
        value, error = check_amount(raw, label)
        if error:
            errors.append(FieldError(field_id, label, error))
        setattr(content, attr, value)
    seen: set[str] = set()
    for index, row in enumerate(milestones or [], start=1):
        if all(blank(row.get(k)) for k in ("code", "description", "period", "status")):
            continue
        where = f"Milepæler, rad {index}"
        code, error = check_code(row.get("code"))
        if error:
            errors.append(FieldError("rapport-milepaeler", where, error))
        elif code in seen:
            errors.append(FieldError("rapport-milepaeler", where, f"Milepælkoden {code} står to ganger."))
        else:
            seen.add(code)
        if blank(row.get("description")):
            errors.append(FieldError("rapport-milepaeler", where, "Beskrivelse mangler."))
        period, error = check_period(row.get("period"))
        if error:
            errors.append(FieldError("rapport-milepaeler", where, error))
        status_raw = None if blank(row.get("status")) else str(row.get("status"))
        kind, error = check_kind(row.get("kind"), status_raw)
        if error:
            errors.append(FieldError("rapport-milepaeler", where, error))
        status = None
        if kind == "achieved" or status_raw:
            status, error = check_status(status_raw)
            if error:
                errors.append(FieldError("rapport-milepaeler", where, error))
        if code and not blank(row.get("description")):
            content.milestones.append(ReportedMilestone(code, str(row["description"]).strip(), period, status,
                                                        kind or "planned"))
    for row in scores or []:
        raw, why = row.get("value"), row.get("justification")
        if blank(raw) and blank(why):
            continue
        where = f"Poeng, {row.get('label')}"
        value, error = check_score(row["dimension"], raw)
        if error:
            errors.append(FieldError("rapport-poeng", where, error))
        if blank(why):
            errors.append(FieldError("rapport-poeng", where, "Begrunnelse mangler."))
        if value is not None and not blank(why):
            content.scores.append(ReportedScore(row["dimension"], value, str(why).strip()))
    for row in kpis or []:
        if blank(row.get("date")) and blank(row.get("value")):
            continue
        where = f"Indikatorer, {row.get('name')}"
        when, error = check_date(row.get("date"), "Dato") if not blank(row.get("date")) else (None, "Dato mangler.")
        if error:
            errors.append(FieldError("rapport-indikatorer", where, error))
        number, error = check_number(row.get("value"), "Verdi") if not blank(row.get("value")) else (
            None, "Verdi mangler.")
        if error:
            errors.append(FieldError("rapport-indikatorer", where, error))
        if when and number is not None:
            content.kpi_values.append(ReportedKpiValue(int(row["kpi_id"]), row["name"], when.isoformat(), number))
    for row in kpis or []:
        if all(blank(row.get(k)) for k in ("new_target", "new_target_date", "reason")):
            continue
        where = f"Indikatorer, {row.get('name')} (nytt mål)"
        target, error = check_number(row.get("new_target"), "Nytt mål") if not blank(row.get("new_target")) else (
            None, "Nytt mål mangler.")
        if error:
            errors.append(FieldError("rapport-indikatorer", where, error))
        target_date = None
        if not blank(row.get("new_target_date")):
            target_date, error = check_date(row.get("new_target_date"), "Ny måldato")
            if error:
                errors.append(FieldError("rapport-indikatorer", where, error))
        if blank(row.get("reason")):
            errors.append(FieldError("rapport-indikatorer", where, "Begrunnelse for nytt mål mangler."))
        if target is not None and not blank(row.get("reason")):
            content.kpi_targets.append(ReportedKpiTarget(int(row["kpi_id"]), row["name"], target,
                                                         target_date.isoformat() if target_date else None,
                                                         str(row["reason"]).strip()))
    for kind, _label in NARRATIVE_KINDS:
        text = (texts or {}).get(kind)
        if not blank(text):
            content.narratives[kind] = str(text).strip()
    return content, errors


def editable_grid(grid_id: str, rows: list[dict], columns: list[dict]) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id, rowData=rows, columnDefs=columns,
        defaultColDef={"resizable": True, "wrapText": True, "autoHeight": True},
        dashGridOptions={"domLayout": "autoHeight", "singleClickEdit": True, "stopEditingWhenCellsLoseFocus": True,
                         "localeText": {"noRowsToShow": "Ingen rader"}},
        style={"width": "100%"}, className="ag-theme-quartz",
    )


MILESTONE_COLUMNS = [
    {"field": "code", "headerName": "Milepæl", "editable": True, "width": 110},
    {"field": "description", "headerName": "Beskrivelse", "editable": True, "flex": 3, "minWidth": 260,
     "cellEditor": "agLargeTextCellEditor", "cellEditorPopup": True},
    {"field": "period", "headerName": "Når", "editable": True, "width": 150},
    {"field": "status", "headerName": "Status", "editable": True, "width": 160, "cellEditor": "agSelectCellEditor",
     "cellEditorParams": {"values": [""] + STATUS_CHOICES}},
    {"field": "kind", "headerName": "Type", "editable": True, "width": 130, "cellEditor": "agSelectCellEditor",
     "cellEditorParams": {"values": ["Oppnådd", "Planlagt"]}},
]
SCORE_COLUMNS = [
    {"field": "label", "headerName": "Vurdering", "flex": 2, "minWidth": 240},
    {"field": "value", "headerName": "Poeng", "editable": True, "width": 110},
    {"field": "justification", "headerName": "Begrunnelse", "editable": True, "flex": 3, "minWidth": 260,
     "cellEditor": "agLargeTextCellEditor", "cellEditorPopup": True},
]
KPI_COLUMNS = [
    {"field": "name", "headerName": "Indikator", "flex": 2, "minWidth": 240},
    {"field": "unit", "headerName": "Enhet", "width": 110},
    {"field": "last", "headerName": "Siste måling", "width": 190},
    {"field": "date", "headerName": "Dato (dd.mm.åååå)", "editable": True, "width": 170},
    {"field": "value", "headerName": "Ny verdi", "editable": True, "width": 120},
    {"field": "new_target", "headerName": "Nytt mål", "editable": True, "width": 120},
    {"field": "new_target_date", "headerName": "Ny måldato", "editable": True, "width": 140},
    {"field": "reason", "headerName": "Begrunnelse for nytt mål", "editable": True, "flex": 1, "minWidth": 200},
]
