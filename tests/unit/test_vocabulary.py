"""The vocabulary: every fixed term and scale is written once, and everything else reads it.

Adding a score dimension: add its key to ``EXPECTED_KEYS`` here; ``tests/services/test_score_dimensions.py``
then runs a dimension added to the vocabulary through the whole product.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from domain import vocabulary as v

EXPECTED_KEYS = [f"criterion_{n}" for n in range(1, 9)] + ["progress", "delivers", "continues"]
ROOT = Path(__file__).resolve().parents[2]


def test_score_dimensions_are_the_expected_ones_with_scales():
    assert [d.key for d in v.SCORE_DIMENSIONS] == EXPECTED_KEYS
    assert len({d.key for d in v.SCORE_DIMENSIONS}) == len(v.SCORE_DIMENSIONS)
    assert len({d.label for d in v.SCORE_DIMENSIONS}) == len(v.SCORE_DIMENSIONS)
    assert len({d.short_label for d in v.SCORE_DIMENSIONS}) == len(v.SCORE_DIMENSIONS)
    for d in v.SCORE_DIMENSIONS:
        assert 1 <= d.maximum <= 100 and len(d.key) <= 30, d.key
        assert v.score_dimension(d.label) == d.key and v.score_dimension(d.short_label) == d.key
    assert [d.criterion for d in v.CRITERIA_DIMENSIONS] == list(range(1, v.CRITERION_COUNT + 1))
    assert v.OVERALL_DIMENSIONS[0].key == v.PROGRESS  # the report shows progress first


@pytest.mark.parametrize(
    "written,key",
    [
        ("Kriterium 3", "criterion_3"),
        ("kriterium3", "criterion_3"),
        ("K3", "criterion_3"),
        ("3", "criterion_3"),
        ("Fremdrift", "progress"),
        ("Leverer", "delivers"),
        ("Leverer mål og gevinster", "delivers"),
        ("Videreføres", "continues"),
        ("Sannsynlig videreført eller spredt", "continues"),
        ("Kriterium 9", None),
        ("", None),
        (None, None),
    ],
)
def test_written_dimensions(written, key):
    assert v.score_dimension(written) == key


def test_scales_are_stated_from_the_vocabulary():
    assert v.SCORE_DIMENSION["progress"].stated(1) == "fremdrift 1 av 3"
    assert v.SCORE_DIMENSION["delivers"].titled == "Leverer mål og gevinster (0–10)"
    assert v.SCORE_DIMENSION["criterion_2"].in_sentence == "kriterium 2"
    assert v.score_dimension_list().startswith("Kriterium 1–8, «Fremdrift», «Leverer mål og gevinster»")


@pytest.mark.parametrize(
    "written,code",
    [
        ("M7", ("M7", 7)),
        ("m 7", ("M7", 7)),
        ("M-12", ("M12", 12)),
        (7.0, None),
        ("A1", None),
        ("M1234", None),
        ("M3a", None),
        (None, None),
        (True, None),
    ],
)
def test_the_one_milestone_code_rule(written, code):
    assert v.milestone_code(written) == code


def test_terms_match_their_label_key_and_aliases():
    assert v.narrative_kind("Annerledes") == "done_differently" and v.narrative_kind("Formål") == "purpose"
    assert v.round_text_kind("Oppsummering") == "summary"
    assert v.benefit_type("Kommune") == "other_org" and v.budget_kind("Lønn") == "personell"
    assert v.milestone_kind("rapportert") == "achieved" and v.assessor("Sekretariat") == "secretariat"
    assert v.normalise_status("Pågår") == v.IN_PROGRESS and v.normalise_status("Oppstart og ferdig") == v.DONE


def test_money_names_and_rules():
    assert [m.rule for m in (v.REMAINING, v.CARRY_OVER, v.NEXT_YEAR)] == ["remaining", "carry_over", "next_year"]
    assert set(v.RULE_NAMES) == {"remaining", "carry_over", "next_year", "envelope"}
    assert v.REMAINING.short_label == "TGM" and v.CARRY_OVER.short_label == "VM"


def _product_modules():
    for package in (
        "app.py",
        "settings.py",
        "components",
        "db",
        "domain",
        "etl",
        "pages",
        "reports",
        "services",
        "web",
    ):
        path = ROOT / package
        yield from ([path] if path.suffix == ".py" else (p for p in path.rglob("*.py") if "versions" not in p.parts))


LABELS = (
    {d.label for d in v.SCORE_DIMENSIONS if not d.criterion}
    | {d.titled for d in v.SCORE_DIMENSIONS}
    | {
        t.label
        for terms in (
            v.NARRATIVE_KINDS,
            v.MILESTONE_STATUSES,
            v.SUBMISSION_STATUSES,
            v.DECISIONS,
            v.BENEFIT_TYPES,
            v.ROUND_TEXT_KINDS,
        )
        for t in terms
    }
    | {m.label for m in v.MONEY_FIGURES + (v.ENVELOPE,)}
    | {r.description for r in v.ROLES}
)
EXCEPTIONS = {
    "Planlagt",
    "Utfordringer",
    "Erfaringer",
    "Formål",
    "Forbruk",
    "Innvilget hittil",
    "Godkjent",
    "Aktiv",
}  # words that are also headings and column names in their own right


def test_each_label_is_written_once():
    """No product module but the vocabulary spells a vocabulary label as a string of its own."""
    found = []
    for path in _product_modules():
        if path.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in LABELS - EXCEPTIONS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: «{node.value}»")
    assert found == [], "\n".join(found)
