"""Reminders that reach people: recipients are the project's active leaders' addresses plus contact addresses
the secretariat keeps; reminders go through a real SMTP server (aiosmtpd on loopback), one per project, and
who was reminded when is logged and shown. Hostile requests and a failed send are refused in Norwegian."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook
from sqlalchemy import func, select

from components.reporting import round_status_table
from components.rounds import reminder_result
from db import reporting
from db.models import AuditEntry, Project, ProjectContact, Reminder, ReminderProject
from db.session import read_session, session_scope
from db.users import add_user
from db.writes import create_scheme
from domain.identity import Identity
from services import contacts, rounds
from services.context import Context
from settings import load_config
from tests.cli import run_cli
from tests.conftest import DEFAULT_WORKBOOK, READER, context, import_file, snapshot

ELD = "15266"  # Eldreløftet
PAL = "12910"  # Samhandling palliasjon
TODAY = date(2026, 4, 8)


class Inbox:
    """An aiosmtpd handler that keeps every message and can refuse chosen recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Ukjent mottaker"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


@pytest.fixture
def spring(loaded_db):
    """The default data, an open round «Vår 2026» (deadline 15.04.2026), Eldreløftet's leader Gunnhild (with an
    address), a leader without one, an inactive leader and a reader with addresses that must not be used."""
    with session_scope(loaded_db) as s:
        r = reporting.create_round(s, name="Vår 2026", deadline=date(2026, 4, 15), actor="Sekretær Siri")
        reporting.set_round_open(s, round_id=r.id, open_=True, actor="Sekretær Siri")
        round_id = r.id
        ids = {p.number: p.id for p in s.scalars(select(Project).where(Project.number.in_([ELD, PAL])))}
        password = "et-langt-passord"
        add_user(s, username="gunnhild", role="prosjektleder", password=password, email="Gunnhild@UNN.no",
                 projects=[ELD])  # fmt: skip
        add_user(s, username="uten-epost", role="prosjektleder", password=password, projects=[ELD])
        old = add_user(s, username="sluttet", role="prosjektleder", password=password, email="sluttet@unn.no",
                       projects=[ELD])  # fmt: skip
        old.is_active = False
        add_user(s, username="ssu", role="leser", password=password, email="ssu@unn.no")
    return loaded_db, round_id, ids


SECRETARY = Identity.command_line("Sekretær Siri")


def ctx_for(url: str, *, port: int | None = None, identity: Identity | None = SECRETARY) -> Context:
    overrides = {"DATABASE_URL": url, "GEVINST_TODAY": TODAY.isoformat(), "GEVINST_SMTP_FROM": "sek@hto.no"}
    overrides |= {"GEVINST_PUBLIC_URL": "https://gevinst.example.no/"}
    overrides |= {"GEVINST_SMTP_HOST": "127.0.0.1", "GEVINST_SMTP_PORT": str(port)} if port else {}
    overrides |= {} if port else {"GEVINST_SMTP_HOST": ""}
    return Context.for_config(load_config(overrides), identity)


def status_of(url: str, round_id: int, project_id: int):
    view = rounds.round_status(ctx_for(url), round_id=round_id)
    return next(p for p in view.projects if p.project_id == project_id)


# ------------------------------------------------------------------ recipients and contact addresses


def test_recipients_are_active_leaders_and_contact_addresses(spring):
    url, round_id, ids = spring
    eld = status_of(url, round_id, ids[ELD])
    assert eld.recipients.leaders == ("gunnhild@unn.no",)  # not the inactive leader, not the reader
    assert eld.recipients.contacts == ()
    pal = status_of(url, round_id, ids[PAL])
    assert pal.recipients.addresses == ()

    outcome = contacts.save_contacts(
        ctx_for(url), round_id=round_id, project_id=ids[ELD], addresses="post@tromso.kommune.no\nGunnhild@unn.no; "
    )
    assert outcome.ok, outcome.problems
    assert outcome.message == "Kontaktadressene for Eldreløftet er lagret (2 adresser)."
    eld = status_of(url, round_id, ids[ELD])
    assert eld.recipients.contacts == ("post@tromso.kommune.no", "gunnhild@unn.no")
    assert eld.recipients.addresses == ("gunnhild@unn.no", "post@tromso.kommune.no")  # each address once

    table = str(round_status_table([eld, status_of(url, round_id, ids[PAL])], round_name="Vår 2026"))
    assert "gunnhild@unn.no, post@tromso.kommune.no" in table
    assert "mangler – legg inn en adresse under «Kontaktadresser for påminnelser»" in table

    cleared = contacts.save_contacts(ctx_for(url), round_id=round_id, project_id=ids[ELD], addresses="")
    assert cleared.ok and cleared.value.contacts == ()
    with read_session(url) as s:
        audit = s.scalars(select(AuditEntry).filter_by(action="kontaktadresser endret").order_by(AuditEntry.id)).all()
    assert [(a.before, a.after) for a in audit] == [
        ("–", "post@tromso.kommune.no, gunnhild@unn.no"),
        ("post@tromso.kommune.no, gunnhild@unn.no", "–"),
    ]


@pytest.mark.parametrize(
    "addresses,expected",
    [
        ("ola@kommune", "«ola@kommune» er ikke en gyldig e-postadresse"),
        ("ola@kommune.no\nikke en adresse", "«ikke» er ikke en gyldig e-postadresse"),
        ("<script>@x.no", "er ikke en gyldig e-postadresse"),
        (["ola@kommune.no"], "Adressene må sendes som tekst"),
        ({"email": "ola@kommune.no"}, "Adressene må sendes som tekst"),
        (" ".join(f"a{n}@x.no" for n in range(21)), "Høyst 20 adresser per prosjekt"),
    ],
)
def test_bad_addresses_are_refused_in_norwegian_and_nothing_is_written(spring, addresses, expected):
    url, round_id, ids = spring
    before = snapshot(url)
    outcome = contacts.save_contacts(ctx_for(url), round_id=round_id, project_id=ids[ELD], addresses=addresses)
    assert not outcome.ok
    assert all(p.field == "contacts" for p in outcome.problems)
    assert any(expected in p.message for p in outcome.problems), outcome.problems
    assert snapshot(url) == before


def test_hostile_ids_and_other_roles_are_refused(spring):
    url, round_id, ids = spring
    with session_scope(url) as s:
        other = create_scheme(s, partnership="Finnmark", name="Annen ordning", yearly_envelope=1, first_year=2026)
        stranger = Project(scheme_id=other.id, number="F-1", name="Fremmed prosjekt", status="active")
        s.add(stranger)
        s.flush()
        stranger_id = stranger.id
    before = snapshot(url)
    cases = [
        (dict(round_id=round_id, project_id=stranger_id), "Rapporteringsrunden finnes ikke for dette prosjektet."),
        (dict(round_id=round_id, project_id=[ids[ELD]]), "Prosjektet finnes ikke."),
        (dict(round_id=round_id, project_id={"id": ids[ELD]}), "Prosjektet finnes ikke."),
        (dict(round_id=[round_id], project_id=ids[ELD]), "Rapporteringsrunden finnes ikke for dette prosjektet."),
        (dict(round_id=round_id, project_id="1 OR 1=1"), "Prosjektet finnes ikke."),
    ]
    for kwargs, expected in cases:
        for call in (contacts.save_contacts, contacts.contacts_for):
            extra = {"addresses": "ola@kommune.no"} if call is contacts.save_contacts else {}
            outcome = call(ctx_for(url), **kwargs, **extra)
            assert [p.message for p in outcome.problems] == [expected], (call.__name__, kwargs)
    leader = Identity(7, "gunnhild", "Gunnhild", "prosjektleder", frozenset({ids[ELD]}))
    for identity in (READER, leader, None):
        outcome = contacts.save_contacts(
            ctx_for(url, identity=identity), round_id=round_id, project_id=ids[ELD], addresses="ola@kommune.no"
        )
        assert not outcome.ok and outcome.problems[0].message in (
            "Bare sekretariatet kan gjøre dette.",
            "Du må logge inn.",
        )
        reminded = rounds.remind(ctx_for(url, identity=identity), round_id=round_id)
        assert not reminded.ok
    assert snapshot(url) == before


# ------------------------------------------------------------------ sending through SMTP


def test_reminders_reach_leaders_and_contacts_over_smtp_and_are_logged(spring, inbox):
    url, round_id, ids = spring
    handler, port = inbox
    assert contacts.save_contacts(ctx_for(url), round_id=round_id, project_id=ids[ELD], addresses="kontor@tromso.no").ok
    assert contacts.save_contacts(ctx_for(url), round_id=round_id, project_id=ids[PAL], addresses="bente@unn.no").ok

    outcome = rounds.remind(ctx_for(url, port=port), round_id=round_id)
    assert outcome.ok and outcome.value.problem is None
    assert outcome.message == "Påminnelsen er sendt for 2 prosjekter til 3 adresser."

    (eld,) = handler.to("gunnhild@unn.no")
    assert handler.to("kontor@tromso.no") == [eld]  # one message for the project, to its leader and contact
    assert eld["Subject"] == "Påminnelse: rapportering Vår 2026 for Eldreløftet, frist 15. apr. 2026"
    assert eld["From"] == "sek@hto.no"
    assert eld["Date"] and eld["Message-ID"].endswith("@hto.no>")  # mail servers and clients expect both
    body = eld.get_content()
    for words in (
        "rapporteringen for Vår 2026",
        "Prosjekt: Eldreløftet (prosjektnummer 15266)",
        "Frist: 15. apr. 2026",
        # the project's own reporting page (the session-21 trial: the text named the page but gave no address)
        "skjemaet på prosjektets side i Gevinstportalen: "
        "https://gevinst.example.no/innrapportering/15266?runde=V%C3%A5r%202026.",
    ):
        assert words in body
    assert "Vennlig hilsen" in body and "Samhandling palliasjon" not in body
    (pal,) = handler.to("bente@unn.no")
    assert "Prosjekt: Samhandling palliasjon (prosjektnummer 12910)" in pal.get_content()
    assert not handler.to("sluttet@unn.no") and not handler.to("ssu@unn.no")
    assert len(handler.messages) == 2  # the other projects have no address

    with read_session(url) as s:
        (reminder,) = s.scalars(select(Reminder)).all()
        assert (reminder.method, reminder.sent_by) == ("smtp", "Sekretær Siri")
        sent_to = {r.project_id: r.recipients for r in s.scalars(select(ReminderProject))}
        assert sent_to == {ids[ELD]: "gunnhild@unn.no, kontor@tromso.no", ids[PAL]: "bente@unn.no"}
        actions = s.scalars(select(AuditEntry.action).filter_by(round_id=round_id, project_id=ids[ELD])).all()
        assert "påminnelse sendt" in actions

    status = status_of(url, round_id, ids[ELD])
    assert status.reminded is not None and status.reminded.sent
    table = str(round_status_table([status], round_name="Vår 2026"))
    assert "Påminnet " in table and " kl. " in table and "(gunnhild@unn.no, kontor@tromso.no)" in table
    shown = str(reminder_result(outcome))
    assert "Eldreløftet: gunnhild@unn.no, kontor@tromso.no" in shown and "Mangler e-postadresse" in shown


def test_a_refused_address_is_not_logged_as_reminded(spring, inbox):
    url, round_id, ids = spring
    handler, port = inbox
    handler.refuse = {"gunnhild@unn.no"}
    assert contacts.save_contacts(ctx_for(url), round_id=round_id, project_id=ids[ELD], addresses="kontor@tromso.no").ok
    outcome = rounds.remind(ctx_for(url, port=port), round_id=round_id)
    assert outcome.value.problem == "E-posttjeneren avviste disse adressene: gunnhild@unn.no."
    assert handler.to("kontor@tromso.no") and not handler.to("gunnhild@unn.no")
    with read_session(url) as s:
        assert s.scalars(select(ReminderProject.recipients)).all() == ["kontor@tromso.no"]


def test_a_failed_send_says_so_in_norwegian_and_records_nothing(spring):
    url, round_id, ids = spring
    closed = free_port()  # nothing listens here
    outcome = rounds.remind(ctx_for(url, port=closed), round_id=round_id)
    assert outcome.ok and not outcome.value.sent
    assert outcome.value.problem == (
        "E-posten kunne ikke sendes: fikk ikke kontakt med e-posttjeneren. Ingenting er sendt. "
        "Teksten vises under, så den kan sendes manuelt."
    )
    shown = str(reminder_result(outcome))
    assert "fikk ikke kontakt med e-posttjeneren" in shown and "Prosjekt: Eldreløftet" in shown
    with read_session(url) as s:
        assert s.scalar(select(func.count(Reminder.id))) == 0
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action.like("påminnelse%"))) == 0
    assert status_of(url, round_id, ids[ELD]).reminded is None


def test_no_addresses_at_all_is_a_norwegian_problem_not_a_send(spring, inbox):
    url, round_id, _ids = spring
    handler, port = inbox
    with session_scope(url) as s:
        from db.models import User

        for user in s.scalars(select(User)):
            user.email = None
    outcome = rounds.remind(ctx_for(url, port=port), round_id=round_id)
    assert outcome.value.problem.startswith("Ingen av prosjektene som mangler rapport, har en e-postadresse")
    assert handler.messages == []


# ------------------------------------------------------------------ the command line and the import


def test_contacts_and_remind_on_the_command_line(spring, inbox):
    url, round_id, ids = spring
    handler, port = inbox
    shown = run_cli("contacts", "--project", ELD, "--db", url)
    assert shown.returncode == 0
    assert "Prosjektledere: gunnhild@unn.no" in shown.stdout and "Kontaktadresser: (ingen)" in shown.stdout

    added = run_cli("contacts", "--project", PAL, "--add", "Bente@UNN.no", "--add", "team@tromso.no", "--db", url)
    assert added.returncode == 0, added.stderr
    assert "Kontaktadresser: bente@unn.no, team@tromso.no" in added.stdout
    removed = run_cli("contacts", "--project", PAL, "--remove", "team@tromso.no", "--db", url)
    assert "Kontaktadresser: bente@unn.no" in removed.stdout

    bad = run_cli("contacts", "--project", PAL, "--add", "bente(at)unn.no", "--db", url)
    assert bad.returncode == 1 and "--add: «bente(at)unn.no» er ikke en gyldig e-postadresse" in bad.stderr
    missing = run_cli("contacts", "--project", "99999", "--db", url)
    assert missing.returncode == 1 and "Fant ikke prosjektet «99999»" in missing.stderr

    env = {"GEVINST_TODAY": TODAY.isoformat(), "GEVINST_SMTP_HOST": "127.0.0.1", "GEVINST_SMTP_PORT": str(port)}
    sent = run_cli("remind", "--round", "Vår 2026", "--db", url, env=env)
    assert sent.returncode == 0, sent.stderr
    assert "Sendt: Eldreløftet → gunnhild@unn.no" in sent.stdout
    assert "Sendt: Samhandling palliasjon → bente@unn.no" in sent.stdout
    assert "Mangler e-postadresse: " in sent.stdout
    assert handler.to("bente@unn.no") and handler.to("gunnhild@unn.no")

    failed = run_cli("remind", "--round", "Vår 2026", "--db", url, env=env | {"GEVINST_SMTP_PORT": str(free_port())})
    assert failed.returncode == 1 and "fikk ikke kontakt med e-posttjeneren" in failed.stderr
    assert "Emne: Påminnelse: rapportering Vår 2026 for Eldreløftet" in failed.stdout  # ready to send by hand
    with read_session(url) as s:
        assert s.scalar(select(func.count(Reminder.id))) == 1
    help_text = run_cli("contacts", "--help").stdout
    assert "kontaktadresser" in help_text and "prosjektnummer" in help_text


def _workbook_with_contacts(tmp_path, cells: dict[str, str]):
    book = load_workbook(DEFAULT_WORKBOOK)
    sheet = book["Tabell 1"]
    sheet["F3"] = "E-post for påminnelse"
    for ref, value in cells.items():
        sheet[ref] = value
    path = tmp_path / "med_epost.xlsx"
    book.save(path)
    return path


def test_the_import_adds_contact_addresses_from_table_1(loaded_db, tmp_path):
    path = _workbook_with_contacts(tmp_path, {"F4": "Bente.Ervik@unn.no;\nkreft@tromso.kommune.no"})
    result = import_file(path, loaded_db)
    assert result.ok, result.problems
    assert result.stats["kontaktadresser"]["nye"] == 2
    again = import_file(path, loaded_db)  # the same file again: recognised (issue 15), nothing stored twice
    assert again.ok and again.imported_at is not None and "kontaktadresser" not in again.stats
    with read_session(loaded_db) as s:
        pal = s.scalars(select(Project.id).filter_by(number=PAL)).one()
        stored = s.scalars(select(ProjectContact.email).filter_by(project_id=pal).order_by(ProjectContact.id)).all()
    assert stored == ["bente.ervik@unn.no", "kreft@tromso.kommune.no"]

    bad = _workbook_with_contacts(tmp_path, {"F4": "bente på unn"})
    shutil.copy(bad, tmp_path / "feil.xlsx")
    before = snapshot(loaded_db)
    refused = import_file(tmp_path / "feil.xlsx", loaded_db)
    assert not refused.ok
    assert any(str(p).startswith("Tabell 1!F4: «bente» er ikke en gyldig e-postadresse") for p in refused.problems)
    assert snapshot(loaded_db) == before


def test_a_deadline_already_past_is_stored_as_given_and_said_so(loaded_db):
    """The session-19 trial: a new round accepted a deadline already passed without a word."""
    ctx = context(loaded_db, today=date(2026, 3, 1))
    created = rounds.create_round(ctx, scheme_id=None, name="Vår 2026", deadline_text="15.02.2026")
    assert created.ok and created.message == "Runden er opprettet. Merk: fristen 15. feb. 2026 er allerede passert."
    view = rounds.rounds_page(ctx, round_name="Vår 2026", scheme=None)  # the page the browser moves to
    assert view.deadline_note == " Merk: fristen 15. feb. 2026 er allerede passert."
    from components.rounds import rounds_page

    assert "er opprettet. Åpne den når prosjektene skal rapportere. Merk: fristen 15. feb. 2026" in str(
        rounds_page(view, created=True)
    )
    with read_session(loaded_db) as s:
        round_id = reporting.find_round_by_name(s, "Vår 2026").id
    moved = rounds.set_deadline(ctx, round_id=round_id, deadline_text="01.04.2026")
    assert moved.message == "Fristen er lagret: 1. apr. 2026."
    assert rounds.set_deadline(ctx, round_id=round_id, deadline_text="28.02.2026").message.endswith(
        "Merk: fristen 28. feb. 2026 er allerede passert."
    )
