"""Filter helpers: scheme in the URL, pages of long lists, ids from requests."""

from components.filters import pager, showing_text, url_with_scheme
from services.authz import as_id
from services.portfolio import page_slice, weighted_pages


def test_ids_from_requests_are_only_digits():
    assert as_id("3") == 3 and as_id(" 12 ") == 12 and as_id(7) == 7
    assert as_id(None) is None and as_id("x") is None and as_id("-1") is None and as_id(True) is None
    assert as_id("9" * 20) is None  # no integer overflow in the database


def test_choosing_another_scheme_drops_the_filters_of_the_old_one():
    values = {"runde": "Høst 2025", "prosjekt": "49674", "status": "ferdig"}
    assert (
        url_with_scheme(
            values, "2", triggered="x-ordning", scheme_control="x-ordning", scheme_bound=("runde", "prosjekt")
        )
        == "?status=ferdig&ordning=2"
    )
    assert url_with_scheme(values, "2", triggered="x-runde", scheme_control="x-ordning") == (
        "?runde=H%C3%B8st+2025&prosjekt=49674&status=ferdig&ordning=2"
    )


def test_page_numbers_stay_in_range():
    items = list(range(100))
    assert page_slice(items, None, 20)[1] == 1 and page_slice(items, "3", 20)[1] == 3
    assert page_slice(items, "99", 20)[1] == 5 and page_slice(items, "0", 20)[1] == 1
    assert page_slice(items, "tre", 20)[1] == 1 and page_slice([], "2", 20)[1] == 1


def test_page_slice_and_showing_text():
    items = list(range(45))
    assert page_slice(items, "3", 20) == ([40, 41, 42, 43, 44], 3, 3)
    assert page_slice([], None, 20) == ([], 1, 1)
    assert showing_text(21, 20, 45) == "Viser prosjekt 21–40 av 45."
    assert showing_text(1, 9, 9) == ""


def test_weighted_pages_keep_whole_projects_under_the_limit():
    assert weighted_pages(["a", "b", "c", "d"], [5, 10, 30, 2], 20) == [["a", "b"], ["c"], ["d"]]
    assert weighted_pages([], [], 20) == []


def test_pager_links_keep_the_filters_and_say_where_you_are():
    nav = pager("/indikatorer", {"bak": "ja", "ordning": None}, 2, 3, what="indikatorer")
    links = [c for c in nav.children if c is not None and getattr(c, "href", None)]
    assert [link.href for link in links] == ["/indikatorer?bak=ja", "/indikatorer?bak=ja&side=3"]
    assert any(getattr(c, "children", None) == "Side 2 av 3" for c in nav.children if c is not None)
    assert pager("/x", {}, 1, 1, what="x") is None


def test_an_export_is_named_after_its_table_and_round():
    """Trial 25b: every round's download was «prosjekter.xlsx»; trial 25a: several buttons of the same name."""
    from components.export import export_button, export_filename

    assert export_filename("ssu-matrise", "runde=H%C3%B8st+2025&ordning=1") == "ssu-matrise_høst_2025.xlsx"
    assert export_filename("prosjekter", "") == "prosjekter.xlsx"
    button = export_button("okonomi-tabell3", {"runde": "Vår 2026"}).children[0]
    assert button.children == "Last ned som Excel"  # the visible text starts the accessible name (WCAG 2.5.3)
    assert getattr(button, "aria-label") == "Last ned som Excel: tabell 3, fordelte og brukte midler"
