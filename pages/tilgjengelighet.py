"""Tilgjengelighetserklæring: how Gevinstportalen meets WCAG 2.1 AA, and its known gaps."""

import dash

from components.accessibility import accessibility_statement
from web.context import current

dash.register_page(
    __name__,
    path="/tilgjengelighet",
    name="Tilgjengelighet",
    title="Tilgjengelighetserklæring – Gevinstportalen",
    nav_order=9,
)


def layout(**_ignored):
    identity = current().identity
    return accessibility_statement(identity.partnership if identity else None)
