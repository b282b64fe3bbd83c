"""A synthetic national-scale data set, generated with a fixed seed.

19 partnerships (Norway's health partnerships), 20 grant schemes (Troms og Ofoten has two), 1,000
projects, 10 reporting rounds per scheme (vår 2021 – høst 2025), 20,000 milestones, 8 criteria
scores (plus progress, "leverer" and "videreføres") per project and round, 50,000 KPI values. The
default scheme (the first one, as in the default data) holds 100 projects; the others share the
rest. Rows go in through SQLAlchemy Core bulk inserts: fast, and the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from db import defaults
from db.migrate import upgrade
from db.models import (
    Allocation,
    Benefit,
    Criterion,
    FinanceReport,
    GrantScheme,
    Kpi,
    KpiValue,
    Milestone,
    Narrative,
    Project,
    ProjectContact,
    ReportingRound,
    Score,
)
from db.session import session_scope

SEED = 20261123
PARTNERSHIPS = (
    "Troms og Ofoten",
    "Finnmark",
    "Nordland",
    "Helgeland",
    "Nord-Trøndelag",
    "Trondheimsregionen",
    "Møre og Romsdal",
    "Sogn og Fjordane",
    "Bergensområdet",
    "Fonna",
    "Sør-Rogaland",
    "Agder",
    "Telemark",
    "Vestfold",
    "Vestre Viken",
    "Innlandet",
    "Østfold",
    "Akershus",
    "Oslo",
)
PROJECTS = 1_000
DEFAULT_SCHEME_PROJECTS = 100
ROUNDS = [(year, season) for year in range(2021, 2026) for season in ("vår", "høst")]
MILESTONES_PER_PROJECT_ROUND = 2
KPIS_PER_PROJECT = 5
VALUES_PER_KPI = 10
STATUS_TEXT = {"ferdig": "Ferdig", "pagaende": "Pågående", "oppstart": "Oppstart", "forsinket": "Forsinket"}
MUNICIPALITIES = (
    "Tromsø",
    "Harstad",
    "Narvik",
    "Bodø",
    "Alta",
    "Molde",
    "Førde",
    "Bergen",
    "Stavanger",
    "Skien",
    "Tønsberg",
    "Drammen",
    "Hamar",
    "Fredrikstad",
    "Lillestrøm",
    "Oslo",
    "Kristiansand",
    "Levanger",
)
TOPICS = (
    "Digital hjemmeoppfølging",
    "Felles akutteam",
    "Hospitering",
    "Ernæringsoppfølging",
    "Legemiddelgjennomgang",
    "Palliativt team",
    "Rehabilitering i hjemmet",
    "Psykisk helse ung",
    "Kombinasjonsstillinger",
    "Skrøpelige eldre",
    "Samvalg",
    "Velferdsteknologi",
    "Jordmortjeneste",
    "Rus og psykiatri",
    "Demensteam",
)


@dataclass(frozen=True)
class NationalData:
    url: str
    default_scheme_id: int
    open_round_id: int
    projects: int
    milestones: int
    scores: int
    kpi_values: int


def _season_dates(year: int, season: str) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if season == "vår" else (date(year, 7, 1), date(year, 12, 31))


def generate(
    url: str,
    *,
    partnerships: tuple[str, ...] = PARTNERSHIPS,
    projects: int = PROJECTS,
    default_scheme_projects: int = DEFAULT_SCHEME_PROJECTS,
) -> NationalData:
    """Fill an empty database at ``url`` (migrated here) with the national data set; tests may ask for fewer
    partnerships and projects (the first partnership, Troms og Ofoten, keeps its two schemes)."""
    upgrade(url)
    rng = random.Random(SEED)
    counts = {"milestones": 0, "scores": 0, "kpi_values": 0}
    with session_scope(url) as session:
        schemes = []
        for index, region in enumerate(partnerships):
            names = [defaults.SCHEME_NAME] + (["Samhandlingsmidler psykisk helse"] if index == 0 else [])
            for name in names:
                schemes.append(
                    {
                        "name": name,
                        "partnership": f"Helsefellesskapet {region}",
                        "yearly_envelope": rng.choice((6, 10, 12, 18, 25)) * 1_000_000,
                        "first_year": 2021,
                    }
                )
        scheme_ids = list(
            session.scalars(insert(GrantScheme).returning(GrantScheme.id, sort_by_parameter_order=True), schemes)
        )
        session.execute(
            insert(Criterion),
            [
                {"scheme_id": sid, "number": n, "title": title, "description": text}
                for sid in scheme_ids
                for n, (title, text) in enumerate(defaults.CRITERIA, start=1)
            ],
        )
        rounds: dict[int, list[int]] = {}
        for sid in scheme_ids:
            rows = [
                {
                    "scheme_id": sid,
                    "name": f"{season.capitalize()} {year}",
                    "year": year,
                    "season": season,
                    "report_date": _season_dates(year, season)[1],
                    "deadline": _season_dates(year, season)[1],
                    "is_open": (year, season) == ROUNDS[-1],
                }
                for year, season in ROUNDS
            ]
            rounds[sid] = list(
                session.scalars(insert(ReportingRound).returning(ReportingRound.id, sort_by_parameter_order=True), rows)
            )
        others = projects - default_scheme_projects
        per_scheme = [default_scheme_projects] + [
            others // (len(scheme_ids) - 1) + (1 if i < others % (len(scheme_ids) - 1) else 0)
            for i in range(len(scheme_ids) - 1)
        ]
        project_rows, project_scheme = [], []
        for sid, count in zip(scheme_ids, per_scheme, strict=True):
            for n in range(1, count + 1):
                topic, place = rng.choice(TOPICS), rng.choice(MUNICIPALITIES)
                project_rows.append(
                    {
                        "scheme_id": sid,
                        "number": f"N{sid:02d}-{n:03d}",
                        "name": f"{topic} {place} {sid}-{n}",
                        "short_name": f"{topic} {place} {n}",
                        "owners": f"{place} kommune og helseforetaket",
                        "leaders": f"Prosjektleder {sid}-{n}",
                        "partners": "Kommunene i regionen",
                        "status": "active" if rng.random() > 0.08 else "ended",
                    }
                )
                project_scheme.append(sid)
        project_ids = list(
            session.scalars(insert(Project).returning(Project.id, sort_by_parameter_order=True), project_rows)
        )
        session.execute(
            insert(ProjectContact),
            [
                {"project_id": pid, "email": f"prosjekt{row['number'].lower()}@example.no", "added_by": "bench"}
                for pid, row in zip(project_ids, project_rows, strict=True)
            ],
        )

        allocations, reports, milestones, scores, narratives = [], [], [], [], []
        for pid, sid in zip(project_ids, project_scheme, strict=True):
            granted = rng.randrange(3, 40) * 100_000
            for year in range(2021, 2026):
                allocations.append({"project_id": pid, "year": year, "amount": granted, "amount_text": f"{granted} kr"})
            spent = 0
            for r_index, ((year, season), rid) in enumerate(zip(ROUNDS, rounds[sid], strict=True)):
                spent += rng.randrange(0, granted // 2 + 1, 1000)
                granted_sum = granted * (year - 2020)
                reports.append(
                    {
                        "project_id": pid,
                        "round_id": rid,
                        "granted_per_year": granted,
                        "spent_total": spent,
                        "remaining": max(granted_sum - spent, 0),
                        "future_use": 0,
                        "carry_over": max(granted_sum - spent, 0),
                        "next_year_total": granted + max(granted_sum - spent, 0),
                    }
                )
                start, end = _season_dates(year, season)
                for m in range(1, MILESTONES_PER_PROJECT_ROUND + 1):
                    status = rng.choice(("ferdig", "ferdig", "pagaende", "oppstart", "forsinket"))
                    milestones.append(
                        {
                            "project_id": pid,
                            "round_id": rid,
                            "code": f"M{r_index * 2 + m}",
                            "sequence": m,
                            "description": f"Milepæl {r_index * 2 + m}: {rng.choice(TOPICS).lower()}",
                            "period_text": f"{season.capitalize()} {year}",
                            "period_start": start,
                            "period_end": end,
                            "status_text": STATUS_TEXT[status],
                            "status": status,
                            "kind": "achieved",
                        }
                    )
                for n in range(1, 9):
                    scores.append(
                        {
                            "project_id": pid,
                            "round_id": rid,
                            "assessor": "project",
                            "dimension": f"criterion_{n}",
                            "value": rng.randrange(0, 4),
                            "justification": "Begrunnet i rapporten",
                            "is_illustrative": False,
                        }
                    )
                scores.append(
                    {
                        "project_id": pid,
                        "round_id": rid,
                        "assessor": "project",
                        "dimension": "progress",
                        "value": rng.randrange(0, 4),
                        "justification": "Fremdrift",
                        "is_illustrative": False,
                    }
                )
                for dim in ("delivers", "continues"):
                    scores.append(
                        {
                            "project_id": pid,
                            "round_id": rid,
                            "assessor": "project",
                            "dimension": dim,
                            "value": rng.randrange(0, 11),
                            "justification": "Vurdert",
                            "is_illustrative": False,
                        }
                    )
                narratives.append(
                    {
                        "project_id": pid,
                        "round_id": rid,
                        "kind": "experiences",
                        "text": f"Erfaringer fra {season} {year}: samarbeidet er styrket.",
                    }
                )
        for model, rows in (
            (Allocation, allocations),
            (FinanceReport, reports),
            (Milestone, milestones),
            (Score, scores),
            (Narrative, narratives),
        ):
            for start in range(0, len(rows), 5_000):
                session.execute(insert(model), rows[start : start + 5_000])
        counts["milestones"], counts["scores"] = len(milestones), len(scores)

        benefit_rows = [
            {
                "project_id": pid,
                "title": title,
                "benefit_type": kind,
                "owner_name": "Gevinsteier",
                "owner_organisation": "Kommunen",
                "measurement_frequency": "Halvårlig",
            }
            for pid in project_ids
            for title, kind in (("Færre reinnleggelser", "quality"), ("Sparte liggedøgn", "economic"))
        ]
        benefit_ids = list(
            session.scalars(insert(Benefit).returning(Benefit.id, sort_by_parameter_order=True), benefit_rows)
        )
        kpi_rows = []
        for index, bid in enumerate(benefit_ids):
            for k in range(3 if index % 2 == 0 else KPIS_PER_PROJECT - 3):
                baseline = rng.randrange(10, 100)
                kpi_rows.append(
                    {
                        "benefit_id": bid,
                        "name": f"Indikator {k + 1}",
                        "unit": "antall",
                        "baseline_value": baseline,
                        "baseline_date": date(2021, 1, 1),
                        "target_value": baseline * 1.5,
                        "target_date": date(2026, 12, 31),
                    }
                )
        kpi_ids = list(session.scalars(insert(Kpi).returning(Kpi.id, sort_by_parameter_order=True), kpi_rows))
        values = []
        for kid, spec in zip(kpi_ids, kpi_rows, strict=True):
            level = spec["baseline_value"]
            for year, season in ROUNDS[:VALUES_PER_KPI]:
                level += rng.uniform(-2, 6)
                values.append(
                    {
                        "kpi_id": kid,
                        "period_date": _season_dates(year, season)[1],
                        "value": round(level, 1),
                        "is_illustrative": False,
                    }
                )
        for start in range(0, len(values), 10_000):
            session.execute(insert(KpiValue), values[start : start + 10_000])
        counts["kpi_values"] = len(values)
        default_id = scheme_ids[0]
        open_round = session.scalars(select(ReportingRound.id).filter_by(scheme_id=default_id, is_open=True)).one()
    return NationalData(
        url, default_id, open_round, len(project_ids), counts["milestones"], counts["scores"], counts["kpi_values"]
    )
