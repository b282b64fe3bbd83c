"""Norwegian page for unknown addresses."""

import dash

from components.cards import not_found_page

dash.register_page(__name__, path="/404", name="Fant ikke siden", title="Fant ikke siden – Gevinstportalen")


def layout(**_ignored):
    return not_found_page()
