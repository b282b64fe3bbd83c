"""Two project leaders submitting at once, and a leader submitting while the secretariat approves,
lose nothing and corrupt nothing (SQLite in WAL mode here; PostgreSQL in make test's second pass)."""

from __future__ import annotations

import contextlib
import threading

import pytest
from sqlalchemy import select, text

from db import reporting
from db.migrate import upgrade
from db.models import AuditEntry, FinanceReport, Submission
from db.session import get_engine, read_session, session_scope, write_with_retry
from domain.report_content import ReportContent


def _open_round(url) -> int:
    with session_scope(url) as s:
        r = reporting.create_round(s, name="Vår 2026", deadline=None, actor="Siri")
        reporting.set_round_open(s, round_id=r.id, open_=True, actor="Siri")
        return r.id


def _in_parallel(*jobs) -> list:
    errors: list = []
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_sqlite_runs_in_wal_mode(db_url):
    if db_url.startswith("sqlite"):
        with get_engine(db_url).connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_two_leaders_submitting_at_the_same_moment(loaded_db):
    round_id = _open_round(loaded_db)

    def submit(project_id, spent, who):
        return lambda: write_with_retry(
            loaded_db,
            lambda s: reporting.save_submission(
                s,
                project_id=project_id,
                round_id=round_id,
                content=ReportContent(spent_total=spent),
                actor=who,
                source_kind="form",
                submit=True,
            ),
        )

    errors = _in_parallel(
        *[submit(4, 2_000_000 + i, f"leder-{i}") for i in range(4)],
        *[submit(1, 1_000_000 + i, f"annen-{i}") for i in range(4)],
    )
    assert errors == []
    with read_session(loaded_db) as s:
        for project_id in (4, 1):
            subs = reporting.submissions_for(s, project_id=project_id, round_id=round_id)
            assert sorted(v.version for v in subs) == [1, 2, 3, 4]
            assert [v.status for v in subs].count("submitted") == 1
            assert {v.created_by for v in subs} == {f"{'leder' if project_id == 4 else 'annen'}-{i}" for i in range(4)}
        assert len(list(s.scalars(select(AuditEntry).filter_by(action="sendt inn")))) == 8


def test_a_leader_submits_while_the_secretariat_approves(loaded_db):
    round_id = _open_round(loaded_db)
    with session_scope(loaded_db) as s:
        first = reporting.save_submission(
            s,
            project_id=4,
            round_id=round_id,
            content=ReportContent(spent_total=2_100_000),
            actor="Gunnhild",
            source_kind="form",
            submit=True,
        )
        first_id = first.id

    def approve():
        # when the leader's new version came first there is nothing to approve, which is correct
        with contextlib.suppress(reporting.ReportingError):
            write_with_retry(loaded_db, lambda s: reporting.approve_submission(s, submission_id=first_id, actor="Siri"))

    def resubmit():
        write_with_retry(
            loaded_db,
            lambda s: reporting.save_submission(
                s,
                project_id=4,
                round_id=round_id,
                content=ReportContent(spent_total=2_200_000),
                actor="Gunnhild",
                source_kind="form",
                submit=True,
            ),
        )

    assert _in_parallel(approve, resubmit) == []
    with read_session(loaded_db) as s:
        subs = {v.version: v.status for v in reporting.submissions_for(s, project_id=4, round_id=round_id)}
        rep = s.scalars(select(FinanceReport).filter_by(project_id=4, round_id=round_id)).one_or_none()
        assert len(subs) == 2 and subs[2] == "submitted"
        if subs[1] == "approved":  # approval won the race: its figures are live, the new version waits
            assert rep.spent_total == 2_100_000
        else:  # the resubmission won: the first version was superseded and nothing was applied
            assert subs[1] == "superseded" and rep is None
        assert s.scalars(select(Submission).filter_by(id=first_id)).one().status in ("approved", "superseded")


def test_a_writing_session_holds_sqlites_write_lock_from_its_first_read(db_url):
    """What a write reads (the latest version, the next number) must still hold when it writes: on SQLite a
    writing session begins with BEGIN IMMEDIATE, as PostgreSQL's FOR UPDATE locks the row."""
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL locks rows with FOR UPDATE")
    import sqlite3

    from sqlalchemy.engine import make_url

    upgrade(db_url)
    with session_scope(db_url) as s:
        s.execute(text("SELECT 1"))
        other = sqlite3.connect(make_url(db_url).database, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with read_session(db_url) as s:  # a read session does not take it
        s.execute(text("SELECT 1"))
        other = sqlite3.connect(make_url(db_url).database, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
