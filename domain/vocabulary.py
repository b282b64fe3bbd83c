"""The product's words and scales, each written once.

Everything a user reads as a fixed term lives here with its key (what code and the database store)
and its Norwegian label (what pages, templates, exports and documents print): the score dimensions
and their scales, the narrative kinds, milestone statuses and the milestone-code rule, submission
statuses, SSU decisions, roles, assessors, benefit types, budget kinds and the money figures with
their formulas. Models, the ETL, templates, forms, pages, the SSU matrix and the documents all read
this module; none of them writes these words again.

Adding a score dimension: append a ``ScoreDimension`` to ``SCORE_DIMENSIONS`` (key, label, short
label, maximum, and the spellings a report workbook may use). The database learns its scale when it
is next migrated (``db.migrate.upgrade``), and every page, template, form, matrix column and
document lists it. Tests that name every dimension: ``tests/unit/test_vocabulary.py`` (add the
new key to ``EXPECTED_KEYS``) and ``tests/services/test_score_dimensions.py`` (runs a new dimension
through template, form, approval, pages and documents).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.formatting import and_listing


def normalise_term(value: object) -> str:
    """'Prosjekt-nummer' -> 'prosjektnummer': how written terms and headers are compared."""
    if value is None:
        return ""
    return _normalised(str(value))


@functools.lru_cache(maxsize=8192)
def _normalised(text: str) -> str:
    """Cached: a workbook asks for the same header cells once per kind of table."""
    return re.sub(r"[^0-9a-zæøåäöé]", "", text.lower().replace("\u00ad", ""))


@dataclass(frozen=True)
class Term:
    """A fixed term: the stored key, the Norwegian label, and other spellings accepted on import."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()

    def matches(self, written: object) -> bool:
        wanted = normalise_term(written)
        return bool(wanted) and wanted in {
            normalise_term(self.label),
            normalise_term(self.key),
            *(normalise_term(a) for a in self.aliases),
        }


def _lookup(terms: tuple[Term, ...], written: object) -> str | None:
    return next((t.key for t in terms if t.matches(written)), None)


def _labels(terms: tuple[Term, ...]) -> dict[str, str]:
    return {t.key: t.label for t in terms}


def _listing(labels: list[str], last: str = "eller") -> str:
    """'A, B eller C'."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + f" {last} " + labels[-1]


# ------------------------------------------------------------------ scores


@dataclass(frozen=True)
class ScoreDimension:
    """One thing a project is scored on, and its scale (0 to ``maximum``)."""

    key: str
    label: str
    short_label: str
    maximum: int
    aliases: tuple[str, ...] = ()
    criterion: int | None = None  # the grant criterion's number, for the 8 criteria
    meaning: str = ""

    @property
    def scale(self) -> str:
        return f"0–{self.maximum}"

    @property
    def titled(self) -> str:
        """'Fremdrift (0–3)'."""
        return f"{self.label} ({self.scale})"

    def stated(self, value: int) -> str:
        """'fremdrift 1 av 3'."""
        return f"{self.label.lower()} {value} av {self.maximum}"

    @property
    def in_sentence(self) -> str:
        """How an error message names it: 'kriterium 3' or '«fremdrift»'."""
        return f"kriterium {self.criterion}" if self.criterion else f"«{self.label.lower()}»"

    def matches(self, written: object) -> bool:
        wanted = normalise_term(written)
        return bool(wanted) and wanted in {
            normalise_term(self.label),
            normalise_term(self.key),
            normalise_term(self.short_label),
            *(normalise_term(a) for a in self.aliases),
        }


CRITERION_COUNT = 8

SCORE_DIMENSIONS: tuple[ScoreDimension, ...] = (
    *(
        ScoreDimension(
            f"criterion_{n}",
            f"Kriterium {n}",
            f"K{n}",
            3,
            (str(n), f"Kriterie {n}"),
            criterion=n,
            meaning="0 = ingen gevinst mot kriteriet, 3 = i stor grad",
        )
        for n in range(1, CRITERION_COUNT + 1)
    ),
    ScoreDimension(
        "progress",
        "Fremdrift",
        "Fremdrift",
        3,
        meaning="0 = ingen tydelig plan, 3 = tydelig plan med konkrete neste steg",
    ),
    ScoreDimension(
        "delivers",
        "Leverer mål og gevinster",
        "Leverer",
        10,
        ("Leverer",),
        meaning="0 = leverer ikke målene i søknaden, 10 = i rute for å levere dem",
    ),
    ScoreDimension(
        "continues",
        "Sannsynlig videreført eller spredt",
        "Videreføres",
        10,
        ("Videreføres eller spres", "Videreføres", "Videreføring", "Sannsynlig videreført", "Spres"),
        meaning="0 = lite sannsynlig, 10 = svært sannsynlig at tiltakene videreføres eller spres",
    ),
)
SCORE_DIMENSION: dict[str, ScoreDimension] = {d.key: d for d in SCORE_DIMENSIONS}
CRITERIA_DIMENSIONS: tuple[ScoreDimension, ...] = tuple(d for d in SCORE_DIMENSIONS if d.criterion)
OVERALL_DIMENSIONS: tuple[ScoreDimension, ...] = tuple(d for d in SCORE_DIMENSIONS if not d.criterion)
PROGRESS, DELIVERS, CONTINUES = "progress", "delivers", "continues"


def score_dimension(written: object) -> str | None:
    """The dimension key for a written name ('Kriterium 3', 'Fremdrift', 'Leverer'); None if unknown."""
    return next((d.key for d in SCORE_DIMENSIONS if d.matches(written)), None)


def score_dimension_list() -> str:
    """'Kriterium 1–8, «Fremdrift», «Leverer mål og gevinster» eller …' for error messages (each name quoted, so
    a name with "eller" in it reads as one)."""
    others = [f"«{d.label}»" for d in OVERALL_DIMENSIONS]
    return _listing([f"Kriterium 1–{CRITERION_COUNT}", *others])


ASSESSORS: tuple[Term, ...] = (
    Term("project", "Prosjektet", ("Prosjekt", "Egenvurdering", "Prosjektleder")),
    Term("secretariat", "Sekretariatet", ("Sekretariat",)),
)
ASSESSOR_LABELS = _labels(ASSESSORS)


def assessor(written: object) -> str | None:
    return _lookup(ASSESSORS, written)


# ------------------------------------------------------------------ texts

NARRATIVE_KINDS: tuple[Term, ...] = (  # in the order of the reporting template and form
    Term("experiences", "Erfaringer"),
    Term("challenges", "Utfordringer"),
    Term("self_assessment", "Egenvurdering"),
    Term("done_differently", "Hva kunne vært gjort annerledes", ("Annerledes",)),
    Term("next_steps", "Veien videre"),
    Term("other_benefits", "Andre gevinster"),
    Term("purpose", "Formål"),
)
NARRATIVE_LABELS = _labels(NARRATIVE_KINDS)


def narrative_kind(written: object) -> str | None:
    return _lookup(NARRATIVE_KINDS, written)


@dataclass(frozen=True)
class Chapter(Term):
    """A chapter of the round report that the secretariat writes: its number in the report (none for the
    foreword), its heading level, and the narrative kind the project leaders write for it (their own texts are
    printed under the secretariat's, per project)."""

    number: str = ""
    level: int = 1
    from_projects: str | None = None

    @property
    def heading(self) -> str:
        """'7.1 Erfaringer', 'Forord'."""
        return f"{self.number} {self.label}" if self.number else self.label


ROUND_TEXT_KINDS: tuple[Chapter, ...] = (  # in the order of the round report
    Chapter("foreword", "Forord"),
    Chapter("introduction", "Innledning", number="1"),
    Chapter("challenges", "Utfordringer", number="5", from_projects="challenges"),
    Chapter("experiences", "Erfaringer", number="7.1", level=2, from_projects="experiences"),
    Chapter(
        "done_differently",
        "Hva kunne blitt gjort annerledes",
        ("Annerledes",),
        number="7.2",
        level=2,
        from_projects="done_differently",
    ),
    Chapter("summary", "Oppsummering", number="8"),
)
ROUND_TEXT_LABELS = _labels(ROUND_TEXT_KINDS)
ROUND_TEXT_CHAPTER: dict[str, Chapter] = {c.key: c for c in ROUND_TEXT_KINDS}
FROM_PROJECTS_HEADING = "Fra prosjektene"
"""The heading over the project leaders' own approved texts inside a chapter of the round report."""
PRODUCT = "Gevinstportalen"
"""The producer named in every file's own properties (Word, PowerPoint, Excel)."""

NOT_WRITTEN = "Ingen tekst om dette i prosjektets rapport."
"""What the round report prints where a project's text has not been reported."""
NOT_WRITTEN_BY_SECRETARIAT = "Sekretariatet har ikke skrevet denne delen."
"""What the round report prints where the secretariat's own text for a chapter has not been written (the
issue-17 trial: «Ikke rapportert.» there read as if a project had failed to report)."""


def round_text_kind(written: object) -> str | None:
    return _lookup(ROUND_TEXT_KINDS, written)


# ------------------------------------------------------------------ milestones

PLANNED, PLANNING, STARTING, IN_PROGRESS, DONE, DELAYED = (
    "planlagt",
    "planlegging",
    "oppstart",
    "pagaende",
    "ferdig",
    "forsinket",
)

MILESTONE_STATUSES: tuple[Term, ...] = (
    Term(PLANNED, "Planlagt"),
    Term(PLANNING, "Planlegging", ("planlegges",)),
    Term(STARTING, "Oppstart", ("startet",)),
    Term(IN_PROGRESS, "Pågående", ("pågår", "paagaaende", "pagaende")),
    Term(DONE, "Ferdig", ("fullført", "gjennomført")),
    Term(DELAYED, "Forsinket"),
)
STATUS_LABELS = _labels(MILESTONE_STATUSES)
STATUS_CODES = tuple(STATUS_LABELS)
STATUS_CHOICES = [STATUS_LABELS[k] for k in (DONE, IN_PROGRESS, PLANNING, STARTING, DELAYED, PLANNED)]
STATUS_ALLOWED_TEXT = _listing(STATUS_CHOICES)
_STATUS_ORDER = [PLANNED, PLANNING, STARTING, IN_PROGRESS, DONE]  # a compound status counts as its most advanced part


def normalise_status(text: str | None) -> str | None:
    """The status code of a written status, or None when it is not recognised.

    Statuses are kept as written; compound values ("Oppstart/pågående") count as their most advanced
    part, and "Forsinket" stands apart.

    >>> normalise_status(" Oppstart/pågående ")
    'pagaende'
    """
    if text is None:
        return None
    parts = [p.strip() for p in re.split(r"[/,+&]| og ", str(text)) if p.strip()]
    if not parts:
        return None
    codes = [_lookup(MILESTONE_STATUSES, p) for p in parts]
    if any(code is None for code in codes):
        return None
    if DELAYED in codes:
        return DELAYED
    return max(codes, key=_STATUS_ORDER.index)


ACHIEVED = "achieved"
MILESTONE_KINDS: tuple[Term, ...] = (
    Term(ACHIEVED, "Oppnådd", ("oppnaadd", "rapportert")),
    Term("planned", "Planlagt", ("fremtidig",)),
)
MILESTONE_KIND_LABELS = _labels(MILESTONE_KINDS)
KIND_FROM_STATUS = "Står Type tom, regnes den ut fra status: en status annen enn «Planlagt» gir Oppnådd."
"""The rule for a blank milestone type (domain.validation.check_kind), as the template and the form say it."""


def milestone_kind(written: object) -> str | None:
    return _lookup(MILESTONE_KINDS, written)


MILESTONE_CODE_EXAMPLE = "M7"
_MILESTONE_CODE = re.compile(r"[Mm]\s*[-.]?\s*(\d{1,3})")


def milestone_code(written: object) -> tuple[str, int] | None:
    """The milestone-code rule: 'M' and a number ('M7', 'm 7', 'M-7' all give ('M7', 7)); None otherwise."""
    if written is None or isinstance(written, bool):
        return None
    if isinstance(written, float) and written.is_integer():
        written = int(written)
    match = _MILESTONE_CODE.fullmatch(str(written).strip())
    if not match:
        return None
    number = int(match.group(1))
    return f"M{number}", number


def next_milestone_code(codes: Iterable[object]) -> str:
    """The code a new milestone gets: one above the highest of ``codes``: 'M13' after M1–M12."""
    return f"M{max([0, *(found[1] for c in codes if (found := milestone_code(c)))]) + 1}"


# ------------------------------------------------------------------ reporting workflow

SUBMISSION_STATUSES: tuple[Term, ...] = (
    Term("draft", "Utkast"),
    Term("submitted", "Sendt inn"),
    Term("returned", "Sendt tilbake"),
    Term("approved", "Godkjent"),
    Term("superseded", "Erstattet"),
)
NOT_STARTED = "not_started"
IMPORTED = "imported"
"""No version in the portal, but the round holds the project's figures from the round's report file (trial 23:
«0 av 7 inne» and «Ikke startet» for a round every project had reported)."""
SUBMISSION_LABELS = {
    NOT_STARTED: "Ikke startet",
    IMPORTED: "Rapportert i rapportfilen (importert)",
    **_labels(SUBMISSION_STATUSES),
}
WAITING_STATUSES = (NOT_STARTED, "draft", "returned")  # a project in one of these has not reported yet
REPORTED_STATUSES = ("submitted", "approved", IMPORTED)  # a project in one of these has reported («inne»)

SOURCE_LABELS = {"excel": "Excel-mal", "form": "nettskjema"}

REMINDER_ADDRESS_LABEL = "E-post for påminnelse"
"""A project's reminder recipients: the status table's column and the workbook's optional table 1 column."""
REMINDER_CONTACTS_HEADING = "Kontaktadresser for påminnelser"
NO_REMINDER_ADDRESS = "mangler"
NO_REMINDER_ADDRESS_HINT = (
    f"legg inn en adresse under «{REMINDER_CONTACTS_HEADING}», eller gi prosjektlederen en e-postadresse"
)
REMINDED = "Påminnet"
REMINDER_PREPARED = "Påminnelsestekst laget"


# ------------------------------------------------------------------ SSU

CONTINUE, ADJUST, END = "videreføre", "justere", "avslutte"
DECISIONS: tuple[Term, ...] = (
    Term(CONTINUE, "Videreføre"),
    Term(ADJUST, "Justere"),
    Term(END, "Avslutte"),
)
DECISION_LABELS = _labels(DECISIONS)
MISSING_REPORT = "mangler_rapport"
SUGGESTION_LABELS = {**DECISION_LABELS, MISSING_REPORT: "Mangler rapport"}
"""What the rules may suggest: a decision, or that the project has not reported (never a decision then)."""
ILLUSTRATIVE = "eksempeldata"
ILLUSTRATIVE_LABEL = "Eksempeldata"


def illustrative_scores_note(projects: set[str], illustrative: set[str], subject: str = "Poengene") -> str:
    """'Poengene er eksempeldata.' when every project's scores are; else which projects' are (by name when few).
    ``subject`` names what is illustrative («Målgruppene» for the target groups)."""
    if not illustrative:
        return ""
    if illustrative >= projects:
        return f"{subject} er {ILLUSTRATIVE}."
    if len(illustrative) <= 3:
        return f"{subject} til {and_listing(sorted(illustrative))} er {ILLUSTRATIVE}."
    return f"{subject} til {len(illustrative)} av {len(projects)} prosjekter er {ILLUSTRATIVE}."


def illustrative_kpi_note(names: list[str], illustrative: list[str]) -> str:
    """'Nullpunkt og mål for «Liggedøgn» er eksempeldata …' beside a report's indicators ('' when none is;
    trial 25b: the template and form showed illustrative baselines and targets unmarked)."""
    if not illustrative:
        return ""
    which = "" if set(illustrative) >= set(names) else " for " + and_listing([f"«{n}»" for n in illustrative])
    return f"Nullpunkt og mål{which} er {ILLUSTRATIVE}: illustrasjoner, ikke innrapporterte tall."


# ------------------------------------------------------------------ people


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    short_label: str
    description: str


ROLES: tuple[Role, ...] = (
    Role(
        "sekretariat",
        "Sekretariatet",
        "sekretariatet",
        "Sekretariatet: alt i eget helsefellesskap, også runder, godkjenning og brukere.",
    ),
    Role(
        "prosjektleder",
        "Prosjektleder",
        "prosjektleder",
        "Prosjektleder: leser alt som er godkjent i eget helsefellesskap, og rapporterer for egne prosjekter.",
    ),
    Role("leser", "Leser (f.eks. SSU)", "leser", "Leser: leser alt som er godkjent i eget helsefellesskap."),
)
ROLE: dict[str, Role] = {r.key: r for r in ROLES}
ROLE_KEYS = tuple(ROLE)
# Partnerships as tenants (decision 96): a user belongs to one partnership, or is national (a reader of all)
PARTNERSHIP_LABEL = "Helsefellesskap"
NATIONAL_LABEL = "Nasjonal (alle helsefellesskap)"
NATIONAL_READER = "Nasjonal leser"
NATIONAL_READER_DESCRIPTION = "Nasjonal leser: leser alt som er godkjent i alle helsefellesskap, og skriver ingenting."


# ------------------------------------------------------------------ projects, benefits, applications

PROJECT_STATUSES: tuple[Term, ...] = (Term("active", "Aktiv"), Term("ended", "Avsluttet"))
PROJECT_STATUS_LABELS = _labels(PROJECT_STATUSES)

BENEFIT_TYPES: tuple[Term, ...] = (
    Term("economic", "Økonomisk (kroner)", ("Økonomisk", "Økonomiske", "Økonomisk gevinst")),
    Term("quality", "Kvalitativ (fysiske enheter)", ("Kvalitativ", "Kvalitative", "Kvalitet", "Kvalitetsgevinst")),
    Term("other_org", "Gevinst for annen virksomhet", ("Annen virksomhet", "Kommune")),
)
BENEFIT_TYPE_LABELS = _labels(BENEFIT_TYPES)


def benefit_type(written: object) -> str | None:
    return _lookup(BENEFIT_TYPES, written)


BUDGET_KINDS: tuple[Term, ...] = (
    Term("personell", "Personell", ("Personellkostnader", "Lønn")),
    Term("drift", "Drift", ("Driftskostnader",)),
    Term("investering", "Investering", ("Investeringer", "Investeringskostnader")),
    Term("egeninnsats", "Egeninnsats", ("Egenandel",)),
)


def budget_kind(written: object) -> str | None:
    return _lookup(BUDGET_KINDS, written)


# ------------------------------------------------------------------ money


@dataclass(frozen=True)
class MoneyName:
    """A money figure of the report's tables 3 and 4: its Norwegian name, short name and formula."""

    key: str
    label: str
    short_label: str
    formula: str | None = None
    rule: str | None = None  # the finding's rule name when a printed figure breaks the formula
    form_label: str | None = None  # how the reporting template and form ask a project leader for it


GRANTED_PER_YEAR = MoneyName("granted_per_year", "Innvilget sum årlig", "ISÅ")
GRANTED_TOTAL = MoneyName(
    "granted_total",
    "Innvilget hittil",
    "Innvilget hittil",
    "sum av tildelingene fra ordningens første år til rundens år",
)
SPENT = MoneyName("spent_total", "Brukte midler totalt", "Brukt", form_label="Brukte midler totalt per i dag")
SPENDING_RATE = MoneyName("spending_rate", "Forbruk", "Forbruk", "brukt totalt / innvilget hittil")
REMAINING = MoneyName(
    "remaining", "Totalt gjenværende midler (TGM)", "TGM", "innvilget per år × antall år − brukt totalt", "remaining"
)
FUTURE_USE = MoneyName(
    "future_use", "Fremtidig bruk av TGM", "Fremtidig bruk", form_label="Planlagt bruk av gjenværende midler"
)
FUTURE_USE_HELP = (
    "Planlagt bruk av gjenværende midler er det prosjektet skal bruke av totalt gjenværende midler (TGM); "
    "i rapporten heter tallet «Fremtidig bruk av TGM», og resten av TGM blir videreførte midler (VM)."
)
"""Says what the leader's plain words are in the report (session-24 note: the form and the report named the same
figure differently)."""
CARRY_OVER = MoneyName("carry_over", "Videreførte midler (VM)", "VM", "TGM − fremtidig bruk av TGM", "carry_over")
NEXT_YEAR = MoneyName(
    "next_year_total",
    "Sum neste år hvis videreført",
    "Sum neste år",
    "innvilget per år + videreførte midler",
    "next_year",
)
ENVELOPE = MoneyName("envelope", "Tildelt mer enn rammen", "Ramme", "sum innvilget for året ≤ årlig ramme", "envelope")
MONEY_FIGURES: tuple[MoneyName, ...] = (
    GRANTED_PER_YEAR,
    GRANTED_TOTAL,
    SPENT,
    SPENDING_RATE,
    REMAINING,
    FUTURE_USE,
    CARRY_OVER,
    NEXT_YEAR,
)
RULE_NAMES: dict[str, MoneyName] = {m.rule: m for m in (REMAINING, CARRY_OVER, NEXT_YEAR, ENVELOPE)}
FORMULAS_TEXT = (
    "TGM = innvilget per år × antall år − brukt totalt. VM = TGM − fremtidig bruk. "
    "Sum neste år = innvilget per år + VM."
)
