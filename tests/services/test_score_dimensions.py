"""A score dimension added to the vocabulary reaches every part of the product, with no other change.

The product is copied, one ``ScoreDimension`` is appended to the copy's ``domain/vocabulary.py``, and a
scenario runs in a separate process on the copy: the database learns the new scale, the template and the
web form ask for it, an approved report stores it, and the pages, the SSU matrix, the Excel export and
the round report show it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.sqlite_only

NEW_DIMENSION = (
    '    ScoreDimension("user_involvement", "Brukermedvirkning", "Bruker", 5, ("Brukerinvolvering",),\n'
    '                   meaning="0 = ingen brukere med, 5 = brukere med i alle ledd"),\n'
)
PACKAGES = ("components", "db", "domain", "etl", "pages", "reports", "services", "web", "assets", "data")

SCENARIO = textwrap.dedent("""
    import io, json, sys
    from pathlib import Path

    import domain
    assert Path(domain.__file__).resolve().is_relative_to(Path.cwd().resolve()), domain.__file__
    from domain.vocabulary import SCORE_DIMENSION
    assert SCORE_DIMENSION["user_involvement"].maximum == 5

    from openpyxl import load_workbook
    from sqlalchemy import text

    from db.migrate import upgrade
    from db.session import Database
    from domain.identity import Identity
    from domain.validation import check_score
    from services import documents, imports, portfolio, projects, reporting, rounds, ssu
    from services.context import Context
    from settings import load_config

    url = sys.argv[1]
    upgrade(url)
    with Database(url).engine.connect() as connection:
        scales = set(map(tuple, connection.execute(text("SELECT dimension, maximum FROM score_scale"))))
    assert ("user_involvement", 5) in scales, scales
    config = load_config({"DATABASE_URL": url, "GEVINST_TODAY": "2026-03-01"})
    ctx = Context.for_config(config, Identity.command_line("Siri"))
    assert imports.import_file(ctx, Path("data/rapport_host_2025.xlsx")).ok
    created = rounds.create_round(ctx, scheme_id=None, name="Vår 2026", deadline_text="15.04.2026")
    assert created.ok, created.problems
    page = reporting.reporting_page(ctx, ref="15266", round_name="Vår 2026")
    assert rounds.toggle_open(ctx, round_id=page.round_id).ok

    # the template asks for it, below the other dimensions, with its scale
    blob = reporting.template_file(ctx, project_id=page.project.id, round_id=page.round_id).value.content
    book = load_workbook(io.BytesIO(blob))
    row = next(r for r in range(4, 30) if book["Poeng"].cell(r, 1).value == "Brukermedvirkning")
    assert book["Poeng"].cell(row, 2).value == "0–5"
    rules = [(dv.formula1, dv.formula2) for dv in book["Poeng"].data_validations.dataValidation]
    assert ("0", "5") in rules
    book["Poeng"].cell(row, 3).value = 6
    book["Poeng"].cell(row, 4).value = "Brukerrådet er med i styringsgruppen"
    out = io.BytesIO(); book.save(out)
    refused = reporting.import_template(ctx, out.getvalue(), "mal.xlsx")
    assert any("fra 0 til 5" in p.message for p in refused.problems), refused.problems
    book["Poeng"].cell(row, 3).value = 4
    out = io.BytesIO(); book.save(out)
    submitted = reporting.import_template(ctx, out.getvalue(), "mal.xlsx")
    assert submitted.ok, submitted.problems
    assert any(c.key == "Brukermedvirkning" for c in submitted.changes)
    approved = reporting.review(
        ctx, project_id=page.project.id, round_id=page.round_id, approve=True, reviewed_version=1
    )
    assert approved.ok

    # the web form asks for it and checks its scale
    from components.report_form import score_rows
    form_rows = score_rows({})
    assert form_rows[-1]["label"] == "Brukermedvirkning (0–5)"
    form = reporting.ReportForm(scores=[{**form_rows[-1], "value": "5", "justification": "Ja"}])
    content, problems = reporting.read_form(form)
    assert problems == [] and content.scores[0].dimension == "user_involvement"
    assert check_score("user_involvement", 6)[1].startswith("Poeng for «brukermedvirkning» må være")

    # pages, matrix, export and report show it
    benefits = portfolio.benefits(ctx, round_name="Vår 2026", scheme=None)
    stored = [s for s in benefits.scores if s.dimension == "user_involvement"]
    assert [(s.value, s.project) for s in stored] == [(4, "Eldreløftet")]
    from components.scores import benefits_page
    assert "Brukermedvirkning (0–5)" in json.dumps(benefits_page(benefits, scheme_param=None).to_plotly_json(),
                                                   default=str, ensure_ascii=False)
    detail = projects.project_page(ctx, ref="15266", round_name="Vår 2026")
    from components.projects import score_rows as project_score_rows
    rows = project_score_rows(detail.detail)
    assert ("Brukermedvirkning (0–5)", "4") in [(r["dimension"], r["project"]) for r in rows]
    _name, matrix = ssu.matrix(ctx, round_name="Vår 2026", scheme=None)
    from components.cells import cell_text
    from components.ssu import MATRIX_COLUMNS, matrix_dicts
    assert ("user_involvement", "Bruker 0–5") in MATRIX_COLUMNS
    assert cell_text(matrix_dicts(matrix)[[r.project for r in matrix].index("Eldreløftet")]["user_involvement"]) == "4"
    from web.exports import export_table
    export = export_table(ctx, "gevinster", "runde=V%C3%A5r+2026")
    assert ["Eldreløftet", "Brukermedvirkning", "4"] in [[cell_text(c) for c in row[:3]] for row in export.rows]
    from reports.charts import report_charts
    from reports.data import report_data
    from reports.outline import outline
    data = report_data(documents.round_source(ctx, round_name="Vår 2026", scheme=None))
    titles = [key for key, *_rest in report_charts(data)]
    assert titles[-1] == "user_involvement"
    blocks = outline(data, report_charts(data))
    assert any(getattr(b, "title", "").endswith("Brukermedvirkning (0–5)") for b in blocks)
    print("OK")
""")


def test_a_new_dimension_in_the_vocabulary_reaches_everything(tmp_path):
    copy = tmp_path / "produkt"
    copy.mkdir()
    for name in PACKAGES:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("app.py", "settings.py"):
        shutil.copy(ROOT / name, copy / name)
    vocabulary = copy / "domain" / "vocabulary.py"
    source = vocabulary.read_text(encoding="utf-8")
    end = "\n)\nSCORE_DIMENSION: dict"
    assert source.count(end) == 1
    vocabulary.write_text(source.replace(end, "\n" + NEW_DIMENSION.rstrip("\n") + end), encoding="utf-8")
    (copy / "scenario.py").write_text(SCENARIO, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "scenario.py", f"sqlite:///{tmp_path / 'ny.sqlite'}"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("OK")
