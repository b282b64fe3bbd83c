"""Authorisation in one place: every service asks here before it reads what is not approved or
writes anything, and every object a request names is checked to belong to what the user may touch.

Roles (``domain.vocabulary.ROLES``):

* sekretariat – everything of its partnership, including rounds, reviews, users;
* prosjektleder – reads everything approved of its partnership; writes drafts and submissions, and downloads
  templates, only for the projects assigned to them; sees unapproved drafts only of those projects;
* leser – reads what is approved of its partnership; writes nothing.

Partnerships are tenants (decision 96): every user belongs to one partnership (``Identity.partnership``) and
sees nothing of another's schemes, projects, rounds, documents or users, or is national (no partnership): a
national reader reads every partnership and writes nothing; the command line acts as the operator, national
with the secretariat's rights. Another partnership's object is answered as one that does not exist.

The ids a request carries (project, round, submission, indicator) are never trusted: each is looked
up and checked against the user's rights and against the other ids it claims to belong with, so a
hand-made request for another project's data is refused whatever the page showed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Benefit, GrantScheme, Kpi, Project, ReportingRound, User
from db.queries import SchemeChoice, default_scheme
from db.queries import scheme_choices as all_scheme_choices
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


# ------------------------------------------------------------------ partnerships (decision 96)


def sees_partnership(identity: Identity | None, partnership: str | None) -> bool:
    """The user's own partnership, or any for a national user."""
    return identity is not None and (identity.partnership is None or identity.partnership == partnership)


def sees_scheme(session: Session, identity: Identity | None, scheme_id: int | None) -> bool:
    scheme = session.get(GrantScheme, scheme_id) if scheme_id is not None else None
    return scheme is not None and sees_partnership(identity, scheme.partnership)


def partnership_filter(identity: Identity) -> str | None:
    """What a query filters on: the user's partnership; None for a national user (every partnership)."""
    return identity.partnership


def scheme_choices(session: Session, identity: Identity | None) -> list[SchemeChoice]:
    """The schemes the user may see (the Tilskuddsordning filter's choices)."""
    require(identity, READ)
    return all_scheme_choices(session=session, partnership=partnership_filter(identity))


def visible_scheme(session: Session, identity: Identity | None, scheme: object) -> GrantScheme | None:
    """The scheme a page shows: the one the request names when the user may see it, else the user's default
    (the first scheme of the user's partnership; the first one created for a national user). Another
    partnership's scheme is treated as one that does not exist."""
    require(identity, READ)
    sid = as_id(scheme)
    chosen = session.get(GrantScheme, sid) if sid is not None else None
    if chosen is not None and sees_partnership(identity, chosen.partnership):
        return chosen
    return default_scheme(session=session, partnership=partnership_filter(identity))


def require_scheme(session: Session, identity: Identity | None, action: str, scheme_id: object) -> GrantScheme:
    """The scheme a write names, if it exists and is of the user's partnership."""
    require(identity, action)
    sid = as_id(scheme_id)
    scheme = session.get(GrantScheme, sid) if sid is not None else None
    if scheme is None or not sees_partnership(identity, scheme.partnership):
        raise Forbidden("Tilskuddsordningen finnes ikke.")
    return scheme


def scheme_to_write(session: Session, identity: Identity | None, action: str, scheme_id: object) -> GrantScheme | None:
    """The scheme a write names (``require_scheme``); when it names none, the user's default scheme. None only for
    the operator on a database without schemes (the write then makes the default scheme)."""
    if scheme_id is not None:
        return require_scheme(session, identity, action, scheme_id)
    require(identity, action)
    scheme = default_scheme(session=session, partnership=partnership_filter(identity))
    if scheme is None and identity.partnership is not None:
        raise Forbidden("Tilskuddsordningen finnes ikke.")
    return scheme


def require_partnership(identity: Identity | None, action: str, partnership: str | None) -> None:
    """Creating something owned by ``partnership`` (a scheme): only in one's own."""
    require(identity, action)
    if not sees_partnership(identity, partnership):
        raise Forbidden("Du kan bare opprette ordninger for ditt eget helsefellesskap.")


def require_user(identity: Identity | None, user: User) -> User:
    """A user the secretariat administers: one of its own partnership (national readers are the operator's)."""
    require(identity, ADMIN)
    if identity.partnership is not None and user.partnership != identity.partnership:
        raise Forbidden(f"Fant ikke brukeren «{user.username}».")
    return user


def user_partnership(identity: Identity | None, requested: str | None) -> str | None:
    """The partnership a new user gets: the secretariat's own; the operator names it (None: national)."""
    require(identity, ADMIN)
    return requested if identity.partnership is None else identity.partnership


def project_in_partnership(session: Session, identity: Identity | None, project: Project | None) -> Project | None:
    """The project if the user may see its partnership, else None (as if it did not exist)."""
    return project if project is not None and sees_scheme(session, identity, project.scheme_id) else None


def require_project(session: Session, identity: Identity | None, action: str, project_id: object) -> Project:
    """The project the request names, if it exists, is of the user's partnership, and the user may do ``action``
    on it."""
    require(identity, READ)
    pid = as_id(project_id)
    project = session.get(Project, pid) if pid is not None else None
    if project_in_partnership(session, identity, project) is None:
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
    if round_ is None or not sees_scheme(session, identity, round_.scheme_id):
        raise Forbidden("Rapporteringsrunden finnes ikke.")
    return round_


def require_numbers_of_scheme(session: Session, scheme_id: int, numbers: set[str]) -> None:
    """Project numbers an import names must not be another scheme's projects (numbers are unique across
    schemes, so an import would otherwise write into another scheme, or partnership)."""
    if not numbers:
        return
    others = sorted(
        session.scalars(select(Project.number).where(Project.number.in_(numbers), Project.scheme_id != scheme_id))
    )
    if others:
        raise Forbidden(f"Prosjektnummer {', '.join(others)} hører til en annen tilskuddsordning.")


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
