"""Fixtures for the hostile-file catalogue: the default data with an open spring round, and its templates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db import reporting
from db.models import Project
from db.session import session_scope
from services import reporting as reporting_service
from tests.conftest import context

ELD = "15266"


@pytest.fixture
def spring(loaded_db):
    """The default data plus an open round «Vår 2026»: (url, round id, Eldreløftet's id)."""
    with session_scope(loaded_db) as s:
        r = reporting.create_round(s, name="Vår 2026", deadline=date(2026, 4, 15), actor="Sekretær Siri")
        reporting.set_round_open(s, round_id=r.id, open_=True, actor="Sekretær Siri")
        round_id = r.id
        project_id = s.scalars(select(Project.id).filter_by(number=ELD)).one()
    return loaded_db, round_id, project_id


def template_of(url: str, project_id: int, round_id: int) -> bytes:
    outcome = reporting_service.template_file(context(url), project_id=project_id, round_id=round_id)
    assert outcome.ok, outcome.problems
    return outcome.value.content


@pytest.fixture
def template(spring) -> bytes:
    """Eldreløftet's template for «Vår 2026», as downloaded."""
    url, round_id, project_id = spring
    return template_of(url, project_id, round_id)
