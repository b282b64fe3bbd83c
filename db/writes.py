"""Writes of imported data: upserts on natural keys, so loading the same content twice changes nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import defaults
from db.contacts import add_contacts
from db.models import (
    Allocation,
    Application,
    Benefit,
    BudgetLine,
    Criterion,
    FinanceReport,
    GrantScheme,
    ImportRecord,
    Kpi,
    KpiTargetRevision,
    KpiValue,
    Milestone,
    Narrative,
    Project,
    ProjectTargetGroup,
    ReportingRound,
    RoundText,
    Score,
    TargetGroup,
)
from db.round_texts import record_version
from domain.problems import Refused
from domain.rounds import RoundName
from domain.vocabulary import SCORE_DIMENSION

Stats = dict[str, dict[str, int]]


def new_stats() -> Stats:
    return defaultdict(lambda: {"nye": 0, "endret": 0, "uendret": 0})


def upsert(
    session: Session,
    model: type,
    key: dict[str, Any],
    values: dict[str, Any],
    stats: Stats,
    label: str,
    import_id: int | None = None,
) -> Any:
    """Insert or update one row found by its natural key; count what happened."""
    obj = session.scalars(select(model).filter_by(**key)).one_or_none()
    if obj is None:
        obj = model(**key, **values)
        if import_id is not None and hasattr(model, "source_import_id"):
            obj.source_import_id = import_id
        session.add(obj)
        session.flush()
        stats[label]["nye"] += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(obj, k, v)
        if import_id is not None and hasattr(model, "source_import_id"):
            obj.source_import_id = import_id
        stats[label]["endret"] += 1
    else:
        stats[label]["uendret"] += 1
    return obj


def _round_texts(
    session: Session, round_id: int, texts: list[tuple[str, str]], stats: Stats, import_id: int | None
) -> None:
    """An imported chapter text that differs from the latest one becomes the chapter's next version (so a page
    opened before the import cannot overwrite it unknowingly); the same text again changes nothing."""
    current = {r.kind: r.text for r in session.scalars(select(RoundText).filter_by(round_id=round_id))}
    record = session.get(ImportRecord, import_id) if import_id is not None else None
    actor = (record.imported_by if record else None) or "import"
    for kind, text in texts:
        if current.get(kind) == text:
            stats["tekster"]["uendret"] += 1
            continue
        stats["tekster"]["nye" if kind not in current else "endret"] += 1
        record_version(
            session, round_id=round_id, kind=kind, text=text, actor=actor, source="import", import_id=import_id
        )
        current[kind] = text


def ensure_scheme(session: Session) -> GrantScheme:
    """The default scheme, created with its 8 criteria when the database has none."""
    scheme = session.scalars(select(GrantScheme).order_by(GrantScheme.id)).first()
    if scheme is not None:
        return scheme
    scheme = GrantScheme(
        name=defaults.SCHEME_NAME,
        partnership=defaults.PARTNERSHIP,
        yearly_envelope=defaults.YEARLY_ENVELOPE,
        first_year=defaults.FIRST_YEAR,
    )
    session.add(scheme)
    session.flush()
    for number, (title, description) in enumerate(defaults.CRITERIA, start=1):
        session.add(Criterion(scheme_id=scheme.id, number=number, title=title, description=description))
    session.flush()
    return scheme


class SchemeError(Refused):
    """A new grant scheme that cannot be created; the message is for the user (Norwegian)."""


def create_scheme(
    session: Session, *, partnership: str, name: str, yearly_envelope: int, first_year: int
) -> GrantScheme:
    """A new grant scheme owned by a partnership, with the 8 criteria of the default scheme to start from."""
    partnership, name = (partnership or "").strip(), (name or "").strip()
    problems = []
    if not partnership:
        problems.append("Partnerskap mangler.")
    if not name:
        problems.append("Navn på ordningen mangler.")
    if yearly_envelope < 0:
        problems.append("Årlig ramme kan ikke være negativ.")
    if not 2000 <= first_year <= 2100:
        problems.append("Første år må være et årstall, for eksempel 2026.")
    if (
        partnership
        and name
        and session.scalars(select(GrantScheme).filter_by(partnership=partnership, name=name)).first()
    ):
        problems.append(f"{partnership} har allerede en ordning som heter «{name}».")
    if problems:
        raise SchemeError(" ".join(problems))
    scheme = GrantScheme(name=name, partnership=partnership, yearly_envelope=yearly_envelope, first_year=first_year)
    session.add(scheme)
    session.flush()
    for number, (title, description) in enumerate(defaults.CRITERIA, start=1):
        session.add(Criterion(scheme_id=scheme.id, number=number, title=title, description=description))
    session.flush()
    return scheme


def ensure_round(session: Session, scheme: GrantScheme, round_name: RoundName) -> ReportingRound:
    found = session.scalars(select(ReportingRound).filter_by(scheme_id=scheme.id, name=round_name.name)).one_or_none()
    if found is not None:
        return found
    found = ReportingRound(scheme_id=scheme.id, name=round_name.name, year=round_name.year, season=round_name.season)
    session.add(found)
    session.flush()
    return found


def find_import(session: Session, sha256: str) -> ImportRecord | None:
    return session.scalars(select(ImportRecord).filter_by(sha256=sha256)).one_or_none()


def _project(session: Session, scheme: GrantScheme, record, stats: Stats, import_id: int) -> Project:
    existing = None
    if record.number:
        existing = session.scalars(select(Project).filter_by(number=record.number)).one_or_none()
    if existing is None:
        existing = session.scalars(select(Project).filter_by(scheme_id=scheme.id, name=record.name)).one_or_none()
    values: dict[str, Any] = {"name": record.name}
    for field_name in ("number", "owners", "leaders", "partners"):
        value = getattr(record, field_name)
        if value is not None:
            values[field_name] = value
    if record.ended:
        values["status"] = "ended"
    elif record.in_table1:
        values["status"] = "active"
    if record.short_names and (existing is None or existing.short_name is None):
        values["short_name"] = min(record.short_names, key=len)
    if existing is None:
        values.setdefault("status", "active")
        key = {"scheme_id": scheme.id, "name": record.name}
        values.pop("name")
        return upsert(session, Project, key, values, stats, "prosjekter", import_id)
    return upsert(session, Project, {"id": existing.id}, values, stats, "prosjekter", import_id)


def _contacts(session: Session, project: Project, addresses: tuple[str, ...], stats: Stats, import_id: int) -> None:
    """Add the workbook's reminder addresses the project lacks; an import never removes one (decision 46)."""
    added = add_contacts(
        session, project_id=project.id, addresses=list(addresses), actor="import", source=f"import {import_id}"
    )
    stats["kontaktadresser"]["nye"] += len(added)
    stats["kontaktadresser"]["uendret"] += len(addresses) - len(added)


def load_report(session: Session, scheme: GrantScheme, round_: ReportingRound, report, import_id: int) -> Stats:
    """Write a validated ParsedReport (etl.report_parse) for one round. Caller owns the transaction."""
    stats = new_stats()
    projects: dict[str, Project] = {}
    for name, record in report.projects.items():
        projects[name] = _project(session, scheme, record, stats, import_id)
        if record.contacts:
            _contacts(session, projects[name], record.contacts, stats, import_id)

    def project_of(name: str) -> Project:
        if name not in projects:
            projects[name] = session.scalars(select(Project).filter_by(scheme_id=scheme.id, name=name)).one()
        return projects[name]

    for detail in report.details:
        project = project_of(detail.project)
        values = {"planned_end": detail.planned_end, "planned_end_text": detail.planned_end_text}
        if detail.short_name:
            values["short_name"] = detail.short_name
        upsert(session, Project, {"id": project.id}, values, stats, "prosjektdetaljer", import_id)
        _target_groups(session, project, detail.target_groups, detail.target_groups_illustrative, stats)

    finance_values: dict[str, dict[str, Any]] = defaultdict(dict)
    for fin in report.finances:
        project = project_of(fin.project)
        years = [scheme.first_year] if fin.ended else list(range(scheme.first_year, round_.year + 1))
        if fin.granted.value is not None:
            for year in years:
                upsert(
                    session,
                    Allocation,
                    {"project_id": project.id, "year": year},
                    {"amount": fin.granted.value, "amount_text": fin.granted.text},
                    stats,
                    "tildelinger",
                    import_id,
                )
        finance_values[fin.project].update(
            {**_printed("granted_per_year", fin.granted), **_printed("spent_total", fin.spent)}
        )
    columns = {
        "remaining": "remaining",
        "future_use": "future_use",
        "carry_over": "carry_over",
        "next_year": "next_year_total",
    }
    for rem in report.remaining:
        for key, column in columns.items():
            finance_values[rem.project].update(_printed(column, rem.figures[key]))
    for name, values in finance_values.items():
        upsert(
            session,
            FinanceReport,
            {"project_id": project_of(name).id, "round_id": round_.id},
            values,
            stats,
            "økonomi",
            import_id,
        )

    for ms in report.milestones:
        upsert(
            session,
            Milestone,
            {"project_id": project_of(ms.project).id, "round_id": round_.id, "code": ms.code},
            {
                "sequence": ms.sequence,
                "description": ms.description,
                "period_text": ms.period_text,
                "period_start": ms.period_start,
                "period_end": ms.period_end,
                "period_problem": ms.period_problem,
                "status_text": ms.status_text,
                "status": ms.status,
                "kind": ms.kind,
            },
            stats,
            "milepæler",
            import_id,
        )

    for name, kind, text in report.narratives:
        upsert(
            session,
            Narrative,
            {"project_id": project_of(name).id, "round_id": round_.id, "kind": kind},
            {"text": text},
            stats,
            "tekster",
            import_id,
        )
    _round_texts(session, round_.id, report.round_texts, stats, import_id)

    _applications(session, report.applications, project_of, stats, import_id)
    for sc in report.scores:
        upsert(
            session,
            Score,
            {
                "project_id": project_of(sc.project).id,
                "round_id": round_.id,
                "assessor": sc.assessor,
                "dimension": sc.dimension,
            },
            {
                "value": sc.value,
                "maximum": SCORE_DIMENSION[sc.dimension].maximum,
                "justification": sc.justification,
                "is_illustrative": sc.illustrative,
            },
            stats,
            "poeng",
            import_id,
        )
    benefit_values: dict[tuple[str, str], dict[str, Any]] = {}
    for k in report.kpis:
        merged = benefit_values.setdefault((k.project, k.benefit), {})
        for column, value in (
            ("benefit_type", k.benefit_type),
            ("description", k.description),
            ("owner_name", k.owner),
            ("owner_organisation", k.organisation),
            ("measurement_method", k.method),
            ("measurement_frequency", k.frequency),
        ):
            if merged.get(column) is None:
                merged[column] = value
        merged["is_illustrative"] = merged.get("is_illustrative", False) or k.illustrative
    benefits = {
        key: upsert(
            session,
            Benefit,
            {"project_id": project_of(key[0]).id, "title": key[1]},
            values,
            stats,
            "gevinster",
            import_id,
        )
        for key, values in benefit_values.items()
    }
    kpis: dict[tuple[str, str], Kpi] = {}
    for k in report.kpis:
        kpis[(k.project, k.indicator)] = _kpi(session, benefits[(k.project, k.benefit)], k, stats, import_id)
    for v in report.kpi_values:
        kpi = kpis[(v.project, v.indicator)]
        upsert(
            session,
            KpiValue,
            {"kpi_id": kpi.id, "period_date": v.period_date},
            {"value": v.value, "round_id": round_.id, "is_illustrative": v.illustrative},
            stats,
            "måleverdier",
            import_id,
        )
    return stats


def blanked_figures(
    session: Session, scheme: GrantScheme | None, round_name: str, report
) -> list[tuple[str, str, str, int]]:
    """The printed money figures a report would blank: (cell, project, column, stored value) for every empty
    cell whose figure is stored for the project and round. An import never erases a stored figure."""
    if scheme is None:
        return []
    round_ = session.scalars(select(ReportingRound).filter_by(scheme_id=scheme.id, name=round_name)).one_or_none()
    if round_ is None:
        return []
    wanted = [(fin.project, "spent_total", fin.spent, fin.refs.get("spent")) for fin in report.finances]
    columns = {
        "remaining": "remaining",
        "future_use": "future_use",
        "carry_over": "carry_over",
        "next_year": "next_year_total",
    }
    for rem in report.remaining:
        wanted += [(rem.project, column, rem.figures[key], rem.refs.get(key)) for key, column in columns.items()]
    found = []
    for project_name, column, printed, ref in wanted:
        if printed.value is not None or printed.text or ref is None:
            continue
        stored = session.scalar(
            select(getattr(FinanceReport, column))
            .join(Project, Project.id == FinanceReport.project_id)
            .where(Project.scheme_id == scheme.id, Project.name == project_name, FinanceReport.round_id == round_.id)
        )
        if stored is not None:
            found.append((ref, project_name, column, stored))
    return found


def _printed(column: str, amount) -> dict[str, Any]:
    """A printed money figure's three columns: the number, the cell's text as given, the words beside it."""
    return {column: amount.value, f"{column}_text": amount.text, f"{column}_note": amount.note}


def _kpi(session: Session, benefit: Benefit, k, stats: Stats, import_id: int) -> Kpi:
    """Upsert an indicator; a changed target keeps the earlier one as a revision."""
    existing = session.scalars(select(Kpi).filter_by(benefit_id=benefit.id, name=k.indicator)).one_or_none()
    if existing is not None and (existing.target_value, existing.target_date) != (k.target, k.target_date):
        record = session.get(ImportRecord, import_id)
        session.add(
            KpiTargetRevision(
                kpi_id=existing.id,
                previous_target_value=existing.target_value,
                previous_target_date=existing.target_date,
                revised_on=record.imported_at.date(),
                reason=f"Endret ved import av {record.file_name}",
            )
        )
    return upsert(
        session,
        Kpi,
        {"benefit_id": benefit.id, "name": k.indicator},
        {
            "unit": k.unit,
            "baseline_value": k.baseline,
            "baseline_date": k.baseline_date,
            "target_value": k.target,
            "target_date": k.target_date,
            "measurement_method": k.method,  # per indicator: a benefit's second indicator has its own (trial 23b)
            "measurement_frequency": k.frequency,
            "is_illustrative": k.illustrative,
        },
        stats,
        "indikatorer",
        import_id,
    )


def _applications(session: Session, lines, project_of, stats: Stats, import_id: int) -> None:
    """Each (project, year) application gets exactly the budget lines of the file."""
    grouped: dict[tuple[str, int], list] = defaultdict(list)
    for line in lines:
        grouped[(line.project, line.year)].append(line)
    for (name, year), group in grouped.items():
        applied = sum(line.amount for line in group if line.kind != "egeninnsats")
        application = upsert(
            session,
            Application,
            {"project_id": project_of(name).id, "year": year},
            {"amount_applied": applied},
            stats,
            "søknader",
            import_id,
        )
        wanted = [(line.kind, line.description, line.amount) for line in group]
        current = [(line.kind, line.description, line.amount) for line in application.lines]
        if wanted != current:
            application.lines.clear()
            session.flush()
            for kind, description, amount in wanted:
                application.lines.append(BudgetLine(kind=kind, description=description, amount=amount))
            session.flush()


def _target_groups(session: Session, project: Project, names: list[str], illustrative: bool, stats: Stats) -> None:
    wanted = {}
    for name in names:
        group = session.scalars(select(TargetGroup).filter_by(name=name)).one_or_none()
        if group is None:
            group = TargetGroup(name=name)
            session.add(group)
            session.flush()
        wanted[group.id] = group
    current = {link.target_group_id: link for link in project.target_groups}
    changed = False
    for group_id, link in list(current.items()):
        if group_id not in wanted:
            project.target_groups.remove(link)
            changed = True
        elif link.is_illustrative != illustrative:
            link.is_illustrative = illustrative
            changed = True
    for group_id in wanted:
        if group_id not in current:
            project.target_groups.append(ProjectTargetGroup(target_group_id=group_id, is_illustrative=illustrative))
            changed = True
    stats["målgrupper"]["endret" if changed else "uendret"] += 1
    session.flush()
