"""Tilgjengelighetserklæring: how Gevinstportalen meets WCAG 2.1 AA, and its known gaps."""

import dash

from components.accessibility import accessibility_statement

dash.register_page(
    __name__,
    path="/tilgjengelighet",
    name="Tilgjengelighet",
    title="Tilgjengelighetserklæring – Gevinstportalen",
    nav_order=9,
)


def layout(**_ignored):
    return accessibility_statement()
