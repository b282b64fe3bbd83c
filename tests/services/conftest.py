"""Fixtures shared by the service tests."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db import reporting
from db.contacts import add_contacts
from db.models import Project
from db.session import session_scope

ELD = "15266"


@pytest.fixture
def spring(loaded_db):
    """The default data plus an open round "Vår 2026" with a deadline."""
    with session_scope(loaded_db) as s:
        r = reporting.create_round(s, name="Vår 2026", deadline=date(2026, 4, 15), actor="Sekretær Siri")
        reporting.set_round_open(s, round_id=r.id, open_=True, actor="Sekretær Siri")
        round_id = r.id
        project_id = s.scalars(select(Project.id).filter_by(number=ELD)).one()
        add_contacts(s, project_id=project_id, addresses=["gunnhild@example.org"], actor="test", source="test")
    return loaded_db, round_id, project_id
