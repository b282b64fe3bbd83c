"""Who gets a project's reminders: its active leaders' own addresses (from their accounts) and the contact
addresses the secretariat keeps here, on the Innrapportering page or the command line.

Only the secretariat reads or changes contact addresses. A request names a round and a project; the project
must belong to the round's scheme, and the addresses must be text, each a valid address.
"""

from __future__ import annotations

from dataclasses import dataclass

from db import contacts as data
from db.page_queries import find_project
from domain.problems import Problem
from domain.validation import check_emails
from services import authz
from services.context import Context, Outcome, refusable

FIELD, LABEL = "contacts", "Kontaktadresser"


@dataclass(frozen=True)
class ProjectContacts:
    project_id: int
    project: str
    leaders: tuple[str, ...]
    contacts: tuple[str, ...]

    @property
    def addresses(self) -> tuple[str, ...]:
        return data.Recipients(self.leaders, self.contacts).addresses


def _read(session, project) -> ProjectContacts:
    found = data.recipients(session, [project.id])[project.id]
    return ProjectContacts(project.id, project.display_name, found.leaders, found.contacts)


@refusable
def contacts_for(ctx: Context, *, round_id: object, project_id: object) -> Outcome[ProjectContacts]:
    """A project's recipients, for the secretariat's form (the project must be one of the round's scheme)."""
    with ctx.db.read() as session:
        project, _round = authz.require_project_round(session, ctx.identity, authz.ADMIN, project_id, round_id)
        return Outcome(_read(session, project))


@refusable
def save_contacts(ctx: Context, *, round_id: object, project_id: object, addresses: object) -> Outcome[ProjectContacts]:
    """Make the project's contact addresses exactly those written (one per line, or separated by commas);
    an empty text removes them all. Every address is checked before anything is written."""
    authz.require(ctx.identity, authz.ADMIN)
    checked, errors = check_emails(addresses)
    problems = [Problem.in_field(FIELD, LABEL, e) for e in errors]
    if not project_id:
        problems.insert(0, Problem.in_field("project", "Prosjekt", "Velg prosjektet som skal ha adressene."))
    if problems:
        return Outcome.from_problems(problems)
    with ctx.db.write() as session:
        project, _round = authz.require_project_round(session, ctx.identity, authz.ADMIN, project_id, round_id)
        changed = data.set_contacts(
            session, project_id=project.id, addresses=checked, actor=ctx.actor, source="Innrapportering"
        )
        result = _read(session, project)
    return Outcome(result, _saved(result, changed))


def _saved(result: ProjectContacts, changed: bool) -> str:
    if not changed:
        return f"Ingen endring for {result.project}."
    count = len(result.contacts)
    return f"Kontaktadressene for {result.project} er lagret ({count} {'adresse' if count == 1 else 'adresser'})."


@refusable
def contacts_by_ref(
    ctx: Context, *, ref: str, add: tuple[str, ...] = (), remove: tuple[str, ...] = (), clear: bool = False
) -> Outcome[ProjectContacts]:
    """The command line: show a project's recipients, or add and remove contact addresses (``clear`` first
    removes every contact address)."""
    authz.require(ctx.identity, authz.ADMIN)
    added, errors = check_emails(" ".join(add))
    removed, remove_errors = check_emails(" ".join(remove))
    problems = [Problem.in_field("add", "--add", e) for e in errors]
    problems += [Problem.in_field("remove", "--remove", e) for e in remove_errors]
    if problems:
        return Outcome.from_problems(problems)
    with ctx.db.write() as session:
        project = authz.project_in_partnership(session, ctx.identity, find_project(session=session, ref=ref))
        if project is None:
            return Outcome.refused(Problem.in_field("project", "--project", f"Fant ikke prosjektet «{ref}»."))
        before = [] if clear else data.contact_addresses(session, project.id)
        wanted = [a for a in before if a not in removed] + [a for a in added if a not in before]
        changed = (clear or add or remove) and data.set_contacts(
            session, project_id=project.id, addresses=wanted, actor=ctx.actor, source="kommandolinje"
        )
        result = _read(session, project)
    return Outcome(result, _saved(result, bool(changed)) if (clear or add or remove) else None)
