"""Grant schemes: one database holds many, each owned by a partnership (helsefellesskap)."""

from __future__ import annotations

from db.queries import SchemeChoice
from db.writes import create_scheme
from services import authz
from services.context import Context, Outcome, refusable


def list_schemes(ctx: Context) -> list[SchemeChoice]:
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        return authz.scheme_choices(session, ctx.identity)


@refusable
def add_scheme(ctx: Context, *, partnership: str, name: str, yearly_envelope: int, first_year: int) -> Outcome[int]:
    """A new scheme, starting with the 8 criteria of the default scheme."""
    authz.require_partnership(ctx.identity, authz.ADMIN, partnership)
    with ctx.db.write() as session:
        scheme = create_scheme(
            session, partnership=partnership, name=name, yearly_envelope=yearly_envelope, first_year=first_year
        )
        return Outcome(scheme.id, f"Ordningen «{scheme.name}» ({scheme.partnership}) er opprettet med id {scheme.id}.")
