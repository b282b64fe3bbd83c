"""SQLAlchemy 2 models: every entity of the grant follow-up (see docs/data-model.md).

Rules that must hold whatever writes the data (score ranges, non-negative amounts, unique
natural keys) are constraints in the database, not only checks in Python.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain import vocabulary

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SCORE_DIMENSIONS = tuple(d.key for d in vocabulary.SCORE_DIMENSIONS)
ASSESSORS = tuple(t.key for t in vocabulary.ASSESSORS)
BENEFIT_TYPES = tuple(t.key for t in vocabulary.BENEFIT_TYPES)
NARRATIVE_KINDS = tuple(t.key for t in vocabulary.NARRATIVE_KINDS)
ROUND_TEXT_KINDS = tuple(t.key for t in vocabulary.ROUND_TEXT_KINDS)
DECISIONS = tuple(t.key for t in vocabulary.DECISIONS)
BUDGET_KINDS = tuple(t.key for t in vocabulary.BUDGET_KINDS)
MILESTONE_KINDS = tuple(t.key for t in vocabulary.MILESTONE_KINDS)
STATUS_CODES = vocabulary.STATUS_CODES


Money = BigInteger().with_variant(Integer(), "sqlite")
"""Kroner: 64 bits (SQLite's INTEGER is 64 bits already), so an amount above 2 147 483 647 kr is refused by our
checks (``domain.validation``), never by an integer overflow in PostgreSQL (migration 0010)."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ImportRecord(Base):
    """Provenance: one row per distinct source file loaded (by SHA-256)."""

    __tablename__ = "import_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    round_name: Mapped[str | None] = mapped_column(String(50))
    row_counts: Mapped[str] = mapped_column(Text, default="{}")
    imported_by: Mapped[str | None] = mapped_column(String(100))


class GrantScheme(Base):
    __tablename__ = "grant_scheme"
    __table_args__ = (
        CheckConstraint("yearly_envelope >= 0", name="envelope_non_negative"),
        UniqueConstraint("partnership", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    partnership: Mapped[str] = mapped_column(String(200))
    yearly_envelope: Mapped[int] = mapped_column(Money)
    first_year: Mapped[int] = mapped_column(Integer)

    criteria: Mapped[list[Criterion]] = relationship(back_populates="scheme", order_by="Criterion.number")


class Criterion(Base):
    __tablename__ = "criterion"
    __table_args__ = (
        UniqueConstraint("scheme_id", "number"),
        CheckConstraint("number BETWEEN 1 AND 8", name="number_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("grant_scheme.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)

    scheme: Mapped[GrantScheme] = relationship(back_populates="criteria")


class ReportingRound(Base):
    __tablename__ = "reporting_round"
    __table_args__ = (
        UniqueConstraint("scheme_id", "name"),
        CheckConstraint(_in("season", ("vår", "høst")), name="season_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("grant_scheme.id"))
    name: Mapped[str] = mapped_column(String(50))
    year: Mapped[int] = mapped_column(Integer)
    season: Mapped[str] = mapped_column(String(10))
    report_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class TargetGroup(Base):
    __tablename__ = "target_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class ProjectTargetGroup(Base):
    __tablename__ = "project_target_group"

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    target_group_id: Mapped[int] = mapped_column(ForeignKey("target_group.id"), primary_key=True)
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    target_group: Mapped[TargetGroup] = relationship()


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        UniqueConstraint("scheme_id", "name"),
        CheckConstraint(_in("status", ("active", "ended")), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("grant_scheme.id"))
    number: Mapped[str | None] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str | None] = mapped_column(String(120))
    owners: Mapped[str | None] = mapped_column(Text)
    leaders: Mapped[str | None] = mapped_column(Text)
    partners: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="active")
    planned_end: Mapped[date | None] = mapped_column(Date)
    planned_end_text: Mapped[str | None] = mapped_column(String(100))
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))

    target_groups: Mapped[list[ProjectTargetGroup]] = relationship(cascade="all, delete-orphan")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Application(Base):
    """What a project applied for in one year, with its budget lines."""

    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("project_id", "year"),
        CheckConstraint("amount_applied IS NULL OR amount_applied >= 0", name="applied_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    amount_applied: Mapped[int | None] = mapped_column(Money)
    note: Mapped[str | None] = mapped_column(Text)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))

    lines: Mapped[list[BudgetLine]] = relationship(cascade="all, delete-orphan", order_by="BudgetLine.id")


class BudgetLine(Base):
    __tablename__ = "budget_line"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        CheckConstraint(_in("kind", BUDGET_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[int] = mapped_column(Money)


class Allocation(Base):
    """Amount granted to a project for one year (innvilget)."""

    __tablename__ = "allocation"
    __table_args__ = (
        UniqueConstraint("project_id", "year"),
        CheckConstraint("amount >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Money)
    amount_text: Mapped[str | None] = mapped_column(String(300))
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))


class FinanceReport(Base):
    """A project's money figures as printed for one round (report tables 3 and 4).

    Each figure is kept as printed: the number (None when only words were printed), the cell's text
    exactly as given (``*_text``) and the words printed beside the number (``*_note``, parsed once on
    import). Computed figures are never stored here.
    """

    __tablename__ = "finance_report"
    __table_args__ = (
        UniqueConstraint("project_id", "round_id"),
        *(
            CheckConstraint(f"{col} IS NULL OR {col} >= 0", name=f"{col}_non_negative")
            for col in ("granted_per_year", "spent_total", "remaining", "future_use", "carry_over", "next_year_total")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    granted_per_year: Mapped[int | None] = mapped_column(Money)
    granted_per_year_text: Mapped[str | None] = mapped_column(String(300))
    granted_per_year_note: Mapped[str | None] = mapped_column(Text)
    spent_total: Mapped[int | None] = mapped_column(Money)
    spent_total_text: Mapped[str | None] = mapped_column(String(300))
    spent_total_note: Mapped[str | None] = mapped_column(Text)
    remaining: Mapped[int | None] = mapped_column(Money)
    remaining_text: Mapped[str | None] = mapped_column(Text)
    remaining_note: Mapped[str | None] = mapped_column(Text)
    future_use: Mapped[int | None] = mapped_column(Money)
    future_use_text: Mapped[str | None] = mapped_column(Text)
    future_use_note: Mapped[str | None] = mapped_column(Text)
    carry_over: Mapped[int | None] = mapped_column(Money)
    carry_over_text: Mapped[str | None] = mapped_column(Text)
    carry_over_note: Mapped[str | None] = mapped_column(Text)
    next_year_total: Mapped[int | None] = mapped_column(Money)
    next_year_total_text: Mapped[str | None] = mapped_column(Text)
    next_year_total_note: Mapped[str | None] = mapped_column(Text)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))


class Milestone(Base):
    __tablename__ = "milestone"
    __table_args__ = (
        UniqueConstraint("project_id", "round_id", "code"),
        CheckConstraint(_in("kind", MILESTONE_KINDS), name="kind_known"),
        CheckConstraint(
            "period_start IS NULL OR period_end IS NULL OR period_start <= period_end", name="period_order"
        ),
        CheckConstraint("status IS NULL OR " + _in("status", STATUS_CODES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    period_text: Mapped[str | None] = mapped_column(String(100))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    period_problem: Mapped[str | None] = mapped_column(String(200))
    status_text: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))


class ScoreScale(Base):
    """The scales scores are given on: one row per dimension and maximum (0–3, 0–10).

    Filled from ``domain.vocabulary.SCORE_DIMENSIONS`` whenever the database is migrated, so a new
    dimension in the vocabulary needs no migration; rows are never removed, so a score keeps the scale
    it was given on.
    """

    __tablename__ = "score_scale"
    __table_args__ = (CheckConstraint("maximum BETWEEN 1 AND 100", name="maximum_range"),)

    dimension: Mapped[str] = mapped_column(String(30), primary_key=True)
    maximum: Mapped[int] = mapped_column(Integer, primary_key=True)


def _scale_of(context) -> int:
    return vocabulary.SCORE_DIMENSION[context.get_current_parameters()["dimension"]].maximum


class Score(Base):
    """One score for one project in one round, by the project itself or by the secretariat.

    ``dimension`` and its scale come from the vocabulary (criterion_1..criterion_8 and progress 0–3,
    delivers and continues 0–10); the row keeps the scale it was given on (``maximum``), which must be
    a known scale of that dimension, and the value must lie on it.
    """

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("project_id", "round_id", "assessor", "dimension"),
        CheckConstraint(_in("assessor", ASSESSORS), name="assessor_known"),
        CheckConstraint("value BETWEEN 0 AND maximum", name="value_on_scale"),
        ForeignKeyConstraint(
            ["dimension", "maximum"],
            ["score_scale.dimension", "score_scale.maximum"],
            name="fk_score_dimension_score_scale",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    assessor: Mapped[str] = mapped_column(String(20))
    dimension: Mapped[str] = mapped_column(String(30))
    maximum: Mapped[int] = mapped_column(Integer, default=_scale_of)
    value: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str | None] = mapped_column(Text)
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))


class Benefit(Base):
    """A benefit in the project's gevinstrealiseringsplan."""

    __tablename__ = "benefit"
    __table_args__ = (
        UniqueConstraint("project_id", "title"),
        CheckConstraint(_in("benefit_type", BENEFIT_TYPES), name="type_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    benefit_type: Mapped[str] = mapped_column(String(20))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_organisation: Mapped[str | None] = mapped_column(String(200))
    measurement_method: Mapped[str | None] = mapped_column(Text)
    measurement_frequency: Mapped[str | None] = mapped_column(String(100))
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))

    kpis: Mapped[list[Kpi]] = relationship(back_populates="benefit", cascade="all, delete-orphan")


class Kpi(Base):
    """A benefit indicator: baseline (nullpunkt), target, and measured values over time."""

    __tablename__ = "kpi"
    __table_args__ = (UniqueConstraint("benefit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    benefit_id: Mapped[int] = mapped_column(ForeignKey("benefit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)
    measurement_method: Mapped[str | None] = mapped_column(Text)  # the row's «Måles slik» (the benefit's: fallback)
    measurement_frequency: Mapped[str | None] = mapped_column(String(100))
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)

    benefit: Mapped[Benefit] = relationship(back_populates="kpis")
    values: Mapped[list[KpiValue]] = relationship(cascade="all, delete-orphan", order_by="KpiValue.period_date")
    revisions: Mapped[list[KpiTargetRevision]] = relationship(
        cascade="all, delete-orphan", order_by="KpiTargetRevision.revised_on"
    )


class KpiTargetRevision(Base):
    """An earlier target, kept when a project revises it, with date and reason."""

    __tablename__ = "kpi_target_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    previous_target_value: Mapped[float | None] = mapped_column(Float)
    previous_target_date: Mapped[date | None] = mapped_column(Date)
    revised_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)


class KpiValue(Base):
    __tablename__ = "kpi_value"
    __table_args__ = (UniqueConstraint("kpi_id", "period_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    period_date: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_round.id"))
    is_illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))


class Narrative(Base):
    """Free text per project and round: purpose, experiences, challenges, self-assessment…"""

    __tablename__ = "narrative"
    __table_args__ = (
        UniqueConstraint("project_id", "round_id", "kind"),
        CheckConstraint(_in("kind", NARRATIVE_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))


class RoundText(Base):
    """Text that belongs to a round as a whole (the report's shared chapters): the latest version, which the
    round's documents print. Every version, this one included, is in ``round_text_version``."""

    __tablename__ = "round_text"
    __table_args__ = (
        UniqueConstraint("round_id", "kind"),
        CheckConstraint(_in("kind", ROUND_TEXT_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    source_import_id: Mapped[int | None] = mapped_column(ForeignKey("import_record.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class RoundTextVersion(Base):
    """One saved version of a chapter of the round report (from the secretariat's page or an import); never
    deleted. The unique version number per chapter lets only one of two saves based on the same version win."""

    __tablename__ = "round_text_version"
    __table_args__ = (
        UniqueConstraint("round_id", "kind", "version"),
        CheckConstraint(_in("kind", ROUND_TEXT_KINDS), name="kind_known"),
        CheckConstraint(_in("source", ("form", "import")), name="source_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(10))


class SsuDecision(Base):
    """SSU's decision on a project (case number such as "12/26")."""

    __tablename__ = "ssu_decision"
    __table_args__ = (
        UniqueConstraint("case_number", "project_id"),
        CheckConstraint(_in("decision", DECISIONS), name="decision_known"),
        CheckConstraint("amount_next_year IS NULL OR amount_next_year >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(20))
    meeting_date: Mapped[date] = mapped_column(Date)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_round.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    amount_next_year: Mapped[int | None] = mapped_column(Money)
    conditions: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    matrix_snapshot: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


SUBMISSION_STATUSES = tuple(t.key for t in vocabulary.SUBMISSION_STATUSES)


class Submission(Base):
    """One version of a project's report for a round, from an Excel file or the web form.

    Content is kept as submitted (JSON); it reaches the live tables only when approved.
    Older versions are never deleted: a returned or superseded version can still be read.
    """

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("project_id", "round_id", "version"),
        CheckConstraint(_in("status", SUBMISSION_STATUSES), name="status_known"),
        CheckConstraint(_in("source_kind", ("excel", "form")), name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(10))
    source_name: Mapped[str | None] = mapped_column(String(500))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Who changed what, when, from where: before and after for every change to reported data."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="SET NULL"))
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_key: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(600))


class RoundUnlock(Base):
    """The secretariat lifts the lock of a closed round for one project, for a limited time."""

    __tablename__ = "round_unlock"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unlocked_by: Mapped[str] = mapped_column(String(100))
    unlocked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    until: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text)


class ProjectContact(Base):
    """An address that gets the project's reminders besides its leaders' own (set by the secretariat or an
    import). Stored in lower case, once per project."""

    __tablename__ = "project_contact"
    __table_args__ = (UniqueConstraint("project_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Reminder(Base):
    """A reminder sent (method ``smtp``) or prepared as text (``manual``) for the projects that had not
    submitted; ``projects`` names them, ``ReminderProject`` says who was written to for each."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_by: Mapped[str] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(10))
    recipients: Mapped[str] = mapped_column(Text)
    projects: Mapped[str] = mapped_column(Text)

    sent_to: Mapped[list[ReminderProject]] = relationship(cascade="all, delete-orphan")


class ReminderProject(Base):
    """One project's part of a reminder: the addresses its message went to (or was prepared for)."""

    __tablename__ = "reminder_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminder.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    recipients: Mapped[str] = mapped_column(Text)


ROLES = vocabulary.ROLE_KEYS


class User(Base):
    """A person who logs in. Passwords are stored only as scrypt hashes."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role_known"),
        # national (no partnership) only reads: decision 96
        CheckConstraint("partnership IS NOT NULL OR role = 'leser'", name="national_reads_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # how many times in a row the account was locked (each lock lasts longer, up to a cap); decision 68
    lockouts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login: Mapped[datetime | None] = mapped_column(DateTime)
    # raised to end every session of the user (logout, password change or reset, disabling); decision 38
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # a one-time password given by the secretariat: the user must choose their own first
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # the partnership (grant_scheme.partnership) whose data the user sees; None: a national reader (decision 96)
    partnership: Mapped[str | None] = mapped_column(String(200), index=True)

    projects: Mapped[list[UserProject]] = relationship(cascade="all, delete-orphan")


class UserProject(Base):
    """A project leader's right to report for a project."""

    __tablename__ = "user_project"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)


class SsuRecommendation(Base):
    """The secretariat's own recommendation for a project in a round, beside the suggested one."""

    __tablename__ = "ssu_recommendation"
    __table_args__ = (
        UniqueConstraint("project_id", "round_id"),
        CheckConstraint(_in("decision", DECISIONS), name="decision_known"),
        CheckConstraint("amount_next_year IS NULL OR amount_next_year >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    suggested: Mapped[str] = mapped_column(String(20))
    suggested_reasons: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20))
    amount_next_year: Mapped[int | None] = mapped_column(Money)
    justification: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed logins for one user name from one client address (decision 68): that address is slowed down and
    shut out for the name long before the account itself is locked, so an outsider locks out himself."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)  # "<address> <user name in lower case>"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
