"""Authorisation in one place: every service asks here before it reads what is not approved or
writes anything, and every object a request names is checked to belong to what the user may touch.

Roles (``domain.vocabulary.ROLES``):

* sekretariat – everything, including rounds, reviews, users;
* prosjektleder – reads everything approved; writes drafts and submissions, and downloads templates,
  only for the projects assigned to them; sees unapproved drafts only of those projects;
* leser – reads what is approved; writes nothing.

The ids a request carries (project, round, submission, indicator) are never trusted: each is looked
up and checked against the user's rights and against the other ids it claims to belong with, so a
hand-made request for another project's data is refused whatever the page showed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Benefit, Kpi, Project, ReportingRound
from domain.identity import Identity
from domain.problems import Refused

READ = "read"
REPORT = "report"  # save a draft or submit, upload a filled template, download a template
READ_DRAFTS = "read_drafts"
ADMIN = "admin"  # rounds, reviews, reminders, locks, secretariat scores, recommendations, decisions, users

ACTIONS = (READ, REPORT, READ_DRAFTS, ADMIN)


class Forbidden(Refused):
    """The user may not do this; the message is Norwegian and safe to show."""


def allowed(identity: Identity | None, action: str, project_id: int | None = None) -> bool:
    if identity is None:
        return False
    if identity.role == "sekretariat":
        return True
    if action == READ:
        return True
    if identity.role == "prosjektleder" and action in (REPORT, READ_DRAFTS):
        return project_id is not None and project_id in identity.project_ids
    return False


def require(identity: Identity | None, action: str, project_id: int | None = None) -> Identity:
    if identity is None:
        raise Forbidden("Du må logge inn.")
    if not allowed(identity, action, project_id):
        raise Forbidden(refusal(identity, action))
    return identity


def refusal(identity: Identity, action: str) -> str:
    """The real reason a user may not do ``action``, in Norwegian."""
    if action == ADMIN:
        return "Bare sekretariatet kan gjøre dette."
    if action in (REPORT, READ_DRAFTS) and identity.role == "leser":
        return "Du har lesetilgang og kan ikke rapportere: skrivetilgang har bare prosjektets ledere og sekretariatet."
    if action in (REPORT, READ_DRAFTS):
        return (
            "Du har ikke skrivetilgang til dette prosjektet: bare prosjektets ledere og sekretariatet kan rapportere."
        )
    return "Du har ikke tilgang til å gjøre dette."


def as_id(value: object) -> int | None:
    """An id from a request: an int, or digits; anything else is no id."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def require_project(session: Session, identity: Identity | None, action: str, project_id: object) -> Project:
    """The project the request names, if it exists and the user may do ``action`` on it."""
    require(identity, READ)
    pid = as_id(project_id)
    project = session.get(Project, pid) if pid is not None else None
    if project is None:
        raise Forbidden("Prosjektet finnes ikke.")
    require(identity, action, project.id)
    return project


def require_project_round(
    session: Session, identity: Identity | None, action: str, project_id: object, round_id: object
) -> tuple[Project, ReportingRound]:
    """The project and the round the request names: the round must be one of the project's scheme."""
    project = require_project(session, identity, action, project_id)
    rid = as_id(round_id)
    round_ = session.get(ReportingRound, rid) if rid is not None else None
    if round_ is None or round_.scheme_id != project.scheme_id:
        raise Forbidden("Rapporteringsrunden finnes ikke for dette prosjektet.")
    return project, round_


def require_round(session: Session, identity: Identity | None, action: str, round_id: object) -> ReportingRound:
    require(identity, action)
    rid = as_id(round_id)
    round_ = session.get(ReportingRound, rid) if rid is not None else None
    if round_ is None:
        raise Forbidden("Rapporteringsrunden finnes ikke.")
    return round_


def require_kpis_of_project(session: Session, project_id: int, kpi_ids: set[int]) -> None:
    """Indicator ids a report carries must all be the project's own."""
    if not kpi_ids:
        return
    own = set(
        session.scalars(
            select(Kpi.id)
            .join(Benefit, Kpi.benefit_id == Benefit.id)
            .where(Benefit.project_id == project_id, Kpi.id.in_(kpi_ids))
        )
    )
    if own != kpi_ids:
        raise Forbidden("Rapporten nevner indikatorer som ikke hører til prosjektet.")
