"""The command line, ``python -m etl`` (also installed as ``gevinstportalen``): a thin layer over the services.

Each command's docstring is its ``--help``. Every command takes ``--db URL`` (default: ``DATABASE_URL`` or the
SQLite file in instance/), migrates the database first, and acts as the secretariat under the name given by
``--user`` where the audit trail records one. Exit code 0: done; 1: refused, with every problem on stderr;
2: nothing to do.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError

from db.migrate import upgrade
from domain.formatting import count_of, format_local_time
from domain.identity import Identity
from domain.vocabulary import ROLE_KEYS
from etl import cli_messages
from etl.summary import summary_dict, summary_text
from etl.template import is_template
from etl.workbook import read_file_bounded
from etl.xlsx_guard import inspect
from services import backups, documents, imports, portfolio, reporting, rounds, schemes, setup, users
from services import contacts as contact_service
from services.context import Context
from settings import ConfigError, load_config

cli_messages.install()
OPTIONS = "[VALG]"
SUBCOMMAND = "KOMMANDO [ARGUMENTER]..."

SCHEME_HELP = "tilskuddsordningens id (standard: den første); se «python -m etl schemes list»"
DB_HELP = "database-URL (standard: DATABASE_URL eller SQLite-filen i instance/)"
FORMATS = ["pdf", "docx", "xlsx", "pptx", "saksframlegg"]


def _context(db: str | None, user: str = "kommandolinje") -> Context:
    """The command's service context: the database migrated, acting as the secretariat under ``user``."""
    config = load_config({"DATABASE_URL": db} if db else None)
    upgrade(config.database_url)
    return Context.for_config(config, Identity.command_line(user))


def _fail(*lines: str, code: int = 1) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(code)


def _refused(outcome) -> None:
    if not outcome.ok:
        _fail(*(str(p) for p in outcome.problems))


def db_option(command):
    return click.option("--db", metavar="URL", help=DB_HELP)(command)


def scheme_option(command):
    return click.option("--scheme", type=int, metavar="ID", help=SCHEME_HELP)(command)


@click.group(
    help="Gevinstportalen: oppsett, import, oversikt, maler, påminnelser, rapporter, brukere, ordninger og "
    "sikkerhetskopier.",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar=OPTIONS,
    subcommand_metavar=SUBCOMMAND,
)
def cli() -> None:
    pass


# ------------------------------------------------------------------ import


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))
            )
        else:
            files.append(path)
    return files


def _print_rejected(prefix: str, problems: list) -> bool:
    """Print every problem of a refused file to stderr; True when the file was refused."""
    if not problems:
        return False
    click.echo(f"{prefix}: AVVIST – {len(problems)} feil, ingenting er lagret.", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    return True


def _print_template_result(result, prefix: str, dry_run: bool) -> None:
    if _print_rejected(prefix, result.problems):
        return
    if result.already:
        click.echo(f"{prefix}: {result.already}")
        return
    what = "kontrollert (prøvekjøring, ingenting lagret)" if dry_run else "sendt inn til sekretariatet"
    click.echo(
        f"{prefix}: rapport for {result.project}, {result.round_name}: {what}. "
        f"{count_of(len(result.changes), 'endring', 'endringer')}:"
    )
    for change in result.changes:
        click.echo(f"  {change.area} – {change.key}: {change.before} → {change.after}")
    for warning in result.warnings:  # what the browser's preview asks about (trial 26a: silent here)
        click.echo(f"  Sjekk: {warning}")


def _print_result(result, prefix: str) -> None:
    if _print_rejected(prefix, result.problems):
        return
    if result.imported_at is not None:
        when = format_local_time(result.imported_at)
        click.echo(
            f"{prefix}: filen ble allerede lest inn {when} for {result.round_name}; "
            "ikke lagret på nytt, ingen endringer."
        )
        return
    what = "kontrollert (prøvekjøring, ingenting lagret)" if result.dry_run else "importert"
    note = " Filen var importert før; ingen endringer." if result.already_imported and not result.changed else ""
    click.echo(f"{prefix}: {what} for {result.round_name}.{note}")
    for label, s in result.stats.items():
        click.echo(f"  {label}: {s['nye']} nye, {s['endret']} endret, {s['uendret']} uendret")


def _import_one(ctx: Context, path: Path, prefix: str, *, round_name, dry_run: bool, scheme) -> bool:
    """One file, checked within the limits before any reader sees it (its size before it is read, its XML
    streamed: ``etl.xlsx_guard``); True when it was stored or recognised. A file that fails in an unforeseen
    way is reported and the folder goes on."""
    if not path.exists():  # trial 26a: a misspelt name was «Filen er tom.»
        click.echo(f"{prefix}: Fant ikke filen «{path}». Sjekk navnet og mappen.", err=True)
        return False
    data, problems = read_file_bounded(path) if path.is_file() else (b"", [])
    inspection = inspect(data, path.name) if not problems else None
    if _print_rejected(prefix, problems or inspection.problems):
        return False
    try:
        if is_template(data, inspection):
            result = reporting.import_template(ctx, data, path.name, dry_run=dry_run)
            _print_template_result(result, prefix, dry_run)
        else:
            result = imports.import_bytes(
                ctx, data, path.name, round_name=round_name, dry_run=dry_run, scheme_id=scheme
            )
            _print_result(result, prefix)
    except Exception:  # one broken file must not stop the folder; the details go to the log, in English
        logging.getLogger(__name__).exception("Import of %s failed", path)
        click.echo(f"{prefix}: AVVIST – filen kunne ikke leses inn av en uventet feil; ingenting er lagret.", err=True)
        return False
    return result.ok


@cli.command("import", options_metavar=OPTIONS)
@click.argument("paths", nargs=-1, required=True, metavar="PATH…")
@db_option
@click.option("--round", "round_name", metavar="RUNDE", help="rapporteringsrunde, f.eks. «Høst 2025»")
@click.option("--dry-run", is_flag=True, help="kontroller og vis endringer uten å lagre")
@click.option(
    "--user",
    default=lambda: os.environ.get("USER") or "kommandolinje",
    help="hvem som sender inn en utfylt rapporteringsmal (standard: brukernavnet)",
)
@scheme_option
def import_command(paths, db, round_name, dry_run, user, scheme):
    """Les inn rapportarbeidsbøker (.xlsx-filer eller mapper med slike); hver fil lagres helt eller ikke i det hele
    tatt. En utfylt rapporteringsmal lagres som en innsending til sekretariatet."""
    ctx = _context(db, user)
    files = _expand(paths)
    if not files:
        _fail("Fant ingen .xlsx-filer å importere.", code=2)
    failed = 0
    for index, path in enumerate(files, start=1):
        prefix = f"[{index}/{len(files)}] {path.name}"
        failed += 0 if _import_one(ctx, path, prefix, round_name=round_name, dry_run=dry_run, scheme=scheme) else 1
    if len(files) > 1:
        click.echo(f"Ferdig: {len(files) - failed} av {len(files)} filer uten feil.")
    if failed:
        raise SystemExit(1)


# ------------------------------------------------------------------ summary, template, remind, report


@cli.command(options_metavar=OPTIONS)
@db_option
@click.option("--round", "round_name", metavar="RUNDE", help="rapporteringsrunde (standard: den siste)")
@click.option("--json", "as_json", is_flag=True, help="maskinlesbar JSON")
@scheme_option
def summary(db, round_name, as_json, scheme):
    """Vis tildelinger, forbruk, milepæler og avvik (--json for maskiner)."""
    data = portfolio.summary(_context(db), round_name=round_name, scheme=scheme)
    click.echo(json.dumps(summary_dict(data), ensure_ascii=False, indent=2) if as_json else summary_text(data))


@cli.command(options_metavar=OPTIONS)
@click.option("--project", required=True, metavar="NR", help="prosjektnummer")
@click.option("--round", "round_name", metavar="RUNDE", required=True, help="rapporteringsrunde, f.eks. «Vår 2026»")
@click.option("--out", required=True, metavar="FILE.xlsx", type=click.Path(dir_okay=False))
@db_option
def template(project, round_name, out, db):
    """Skriv den forhåndsutfylte rapporteringsmalen (Excel) for ett prosjekt og én runde."""
    outcome = reporting.template_for(_context(db), ref=project, round_name=round_name)
    _refused(outcome)
    Path(out).write_bytes(outcome.value.content)
    click.echo(f"Malen for prosjekt {project} ({round_name}) er skrevet til {out}.")


@cli.command(options_metavar=OPTIONS)
@click.option("--round", "round_name", metavar="RUNDE", required=True, help="rapporteringsrunde, f.eks. «Vår 2026»")
@click.option(
    "--if-due", is_flag=True, help="bare når runden er åpen og fristen er GEVINST_REMINDER_DAYS dager unna (for cron)"
)
@click.option(
    "--user", metavar="NAVN", default="automatisk påminnelse", help="hvem som står som avsender i historikken"
)
@scheme_option
@db_option
def remind(round_name, if_due, user, scheme, db):
    """Minn prosjektene som ikke har rapportert, på rapporteringen: én e-post per prosjekt til prosjektlederne og
    kontaktadressene (når SMTP er satt; ellers vises teksten). Avslutter med kode 1 når noe ikke ble sendt."""
    outcome = rounds.remind_by_name(_context(db, user), round_name=round_name, scheme_id=scheme, if_due=if_due)
    _refused(outcome)
    reminder = outcome.value
    if reminder is None:
        click.echo(outcome.message)
        return
    for message in reminder.delivered:
        click.echo(f"Sendt: {message.project} → {', '.join(message.recipients)}")
    if reminder.sent:
        click.echo(reminder.summary)
    draft = reminder.draft
    if draft.missing_address:
        click.echo(
            f"Mangler e-postadresse: {', '.join(draft.missing_address)} (legg til med «python -m etl contacts "
            "--project NR --add E-POST»)"
        )
    if reminder.problem:
        click.echo(reminder.problem, err=True)
    if reminder.sent and not reminder.problem:
        return
    for message in draft.messages:
        click.echo(f"\nTil: {', '.join(message.recipients)}\nEmne: {message.subject}\n\n{message.body}")
    if reminder.problem:
        raise SystemExit(1)


@cli.command(options_metavar=OPTIONS)
@click.option("--project", required=True, metavar="NR", help="prosjektnummer (eller id-N for et prosjekt uten)")
@click.option("--add", multiple=True, metavar="E-POST", help="legg til en kontaktadresse (kan gjentas)")
@click.option("--remove", multiple=True, metavar="E-POST", help="fjern en kontaktadresse (kan gjentas)")
@click.option("--clear", is_flag=True, help="fjern alle kontaktadressene først")
@click.option("--user", metavar="NAVN", default="kommandolinje", help="hvem som står for endringen i historikken")
@db_option
def contacts(project, add, remove, clear, user, db):
    """Vis hvem som får påminnelsene for et prosjekt (prosjektledernes e-post og kontaktadressene), eller legg til
    og fjern kontaktadresser."""
    outcome = contact_service.contacts_by_ref(_context(db, user), ref=project, add=add, remove=remove, clear=clear)
    _refused(outcome)
    result = outcome.value
    if outcome.message:
        click.echo(outcome.message)
    click.echo(f"Prosjektledere: {', '.join(result.leaders) or '(ingen med e-postadresse)'}")
    click.echo(f"Kontaktadresser: {', '.join(result.contacts) or '(ingen)'}")
    if not result.addresses:
        click.echo("Påminnelser kan ikke sendes til prosjektet før det har minst én adresse.", err=True)


@cli.command(options_metavar=OPTIONS)
@click.option("--round", "round_name", metavar="RUNDE", required=True, help="rapporteringsrunde, f.eks. «Høst 2025»")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="dokumentets format")
@click.option("--out", required=True, metavar="FILE", type=click.Path(dir_okay=False))
@scheme_option
@db_option
def report(round_name, fmt, out, scheme, db):
    """Lag rundens rapport (pdf, docx, xlsx), lysark (pptx) eller saksframlegget til SSU (saksframlegg)."""
    outcome = documents.generate(_context(db), round_name=round_name, fmt=fmt, scheme=scheme)
    _refused(outcome)
    Path(out).write_bytes(outcome.value.content)
    click.echo(f"{fmt}: skrevet til {out} ({len(outcome.value.content) // 1024} kB).")


# ------------------------------------------------------------------ users


def _password(password_stdin: bool) -> str:
    if not password_stdin:
        _fail(
            "Passordet leses fra standard input: bruk --password-stdin (det skrives aldri på kommandolinjen, "
            "der andre kan se det)."
        )
    return sys.stdin.readline().rstrip("\n")


@cli.group(name="users", options_metavar=OPTIONS, subcommand_metavar=SUBCOMMAND)
@db_option
@click.pass_context
def users_group(click_ctx, db):
    """Administrer brukere: add, list, set-password, disable, enable (kan brukes i skript)."""
    click_ctx.obj = {"db": db}


def _group_db(click_ctx, db: str | None) -> str | None:
    return db or (click_ctx.obj or {}).get("db")


@users_group.command("add", options_metavar=OPTIONS)
@click.argument("username", metavar="BRUKERNAVN")
@click.option("--role", required=True, type=click.Choice(list(ROLE_KEYS)), help="rolle")
@click.option("--project", multiple=True, metavar="NR", help="prosjekt prosjektlederen rapporterer for")
@click.option("--name", metavar="NAVN")
@click.option("--email", metavar="E-POST")
@click.option("--password-stdin", is_flag=True, help="les passordet fra standard input")
@click.option(
    "--partnership",
    metavar="NAVN",
    help=f"helsefellesskapet brukeren hører til (standard: «{users.DEFAULT_PARTNERSHIP}»)",
)
@click.option("--national", is_flag=True, help="nasjonal leser: leser alle helsefellesskap (bare med --role leser)")
@db_option
@click.pass_context
def users_add(click_ctx, username, role, project, name, email, password_stdin, partnership, national, db):
    """Ny bruker. Kommandolinjen er driftsansvarlig (nasjonal) og kan opprette brukere i alle helsefellesskap."""
    if national and partnership:
        _fail("Velg enten --national eller --partnership, ikke begge.", code=2)
    outcome = users.add_user(
        _context(_group_db(click_ctx, db)),
        username=username,
        role=role,
        password=_password(password_stdin),
        name=name,
        email=email,
        projects=list(project),
        partnership=None if national else (partnership or users.DEFAULT_PARTNERSHIP),
    )
    _refused(outcome)
    where = "nasjonal" if national else partnership or users.DEFAULT_PARTNERSHIP
    click.echo(f"Brukeren «{username}» ({role}, {where}) er opprettet.")


@users_group.command("list", options_metavar=OPTIONS)
@db_option
@click.pass_context
def users_list(click_ctx, db):
    """List brukerne."""
    listed = users.list_users(_context(_group_db(click_ctx, db)))  # read first: no header before an error
    click.echo(f"{'Brukernavn':<24} {'Rolle':<14} {'Aktiv':<6} {'Navn':<28} {'Prosjekter':<24} Helsefellesskap")
    for user in listed:
        click.echo(
            f"{user.username:<24} {user.role:<14} {'ja' if user.active else 'nei':<6} "
            f"{(user.name or '–')[:27]:<28} {(', '.join(user.projects) or '–')[:23]:<24} "
            f"{user.partnership or 'nasjonal'}"
        )


@users_group.command("set-password", options_metavar=OPTIONS)
@click.argument("username", metavar="BRUKERNAVN")
@click.option("--password-stdin", is_flag=True, help="les passordet fra standard input")
@db_option
@click.pass_context
def users_set_password(click_ctx, username, password_stdin, db):
    """Nytt passord."""
    outcome = users.set_password(
        _context(_group_db(click_ctx, db)), username=username, password=_password(password_stdin)
    )
    _refused(outcome)
    click.echo(outcome.message)


def _set_active(click_ctx, username: str, db: str | None, active: bool) -> None:
    outcome = users.set_active(_context(_group_db(click_ctx, db)), username=username, active=active)
    _refused(outcome)
    click.echo(f"Brukeren «{username}» er {'aktivert' if active else 'deaktivert'}.")


@users_group.command("disable", options_metavar=OPTIONS)
@click.argument("username", metavar="BRUKERNAVN")
@db_option
@click.pass_context
def users_disable(click_ctx, username, db):
    """Deaktiver en bruker."""
    _set_active(click_ctx, username, db, False)


@users_group.command("enable", options_metavar=OPTIONS)
@click.argument("username", metavar="BRUKERNAVN")
@db_option
@click.pass_context
def users_enable(click_ctx, username, db):
    """Aktiver en bruker."""
    _set_active(click_ctx, username, db, True)


# ------------------------------------------------------------------ schemes


@cli.group(name="schemes", options_metavar=OPTIONS, subcommand_metavar=SUBCOMMAND)
@db_option
@click.pass_context
def schemes_group(click_ctx, db):
    """List tilskuddsordningene (med partnerskapet som eier hver) eller legg til en."""
    click_ctx.obj = {"db": db}


@schemes_group.command("list", options_metavar=OPTIONS)
@db_option
@click.pass_context
def schemes_list(click_ctx, db):
    """List ordningene med id, partnerskap og navn."""
    choices = schemes.list_schemes(_context(_group_db(click_ctx, db)))
    if not choices:  # trial 24b: a fresh production database printed nothing at all
        click.echo("Ingen tilskuddsordninger ennå. Legg til en med «python -m etl schemes add».")
    for choice in choices:
        click.echo(f"{choice.id:>4}  {choice.label}")


@schemes_group.command("add", options_metavar=OPTIONS)
@click.option("--partnership", required=True, metavar="NAVN", help="helsefellesskapet som eier ordningen")
@click.option("--name", required=True, metavar="NAVN", help="navnet på ordningen")
@click.option("--envelope", required=True, type=int, metavar="KR", help="årlig ramme i kroner")
@click.option("--first-year", required=True, type=int, metavar="ÅR")
@db_option
@click.pass_context
def schemes_add(click_ctx, partnership, name, envelope, first_year, db):
    """Ny ordning (med de 8 kriteriene fra standardordningen)."""
    outcome = schemes.add_scheme(
        _context(_group_db(click_ctx, db)),
        partnership=partnership,
        name=name,
        yearly_envelope=envelope,
        first_year=first_year,
    )
    _refused(outcome)
    click.echo(outcome.message)


# ------------------------------------------------------------------ init, backup, restore


def _config(db: str | None):
    return load_config({"DATABASE_URL": db} if db else None)


@cli.command(options_metavar=OPTIONS)
@click.option(
    "--username", default="sekretariat", show_default=True, metavar="BRUKERNAVN", help="første brukers brukernavn"
)
@click.option("--name", default="Sekretariatet", show_default=True, metavar="NAVN", help="første brukers fulle navn")
@click.option("--email", metavar="E-POST", help="første brukers e-postadresse")
@click.option(
    "--eksempeldata",
    "--example-data",
    "example_data",
    is_flag=True,
    help="last inn eksempeldataene (GEVINST_DEFAULT_DATA) når databasen ikke har prosjekter",
)
@click.option(
    "--password-file",
    metavar="FIL",
    type=click.Path(dir_okay=False),
    help="hvor første brukers passord skrives (standard: forste-passord.txt ved SQLite-filen, ellers i instance/)",
)
@db_option
def init(username, name, email, example_data, password_file, db):
    """Gjør databasen klar: oppgrader skjemaet, opprett første bruker (sekretariatet, med et tilfeldig passord i en
    fil bare du kan lese) når det ikke finnes brukere, og last inn eksempeldata bare med --eksempeldata. Kjør den
    én gang ved installasjon og etter hver oppdatering; det er trygt å kjøre den igjen."""
    outcome = setup.initialise(
        _config(db),
        username=username,
        name=name,
        email=email,
        example_data=example_data,
        password_path=Path(password_file) if password_file else None,
    )
    _refused(outcome)
    click.echo(outcome.message)


@click.command(options_metavar=OPTIONS)
@click.argument("target", metavar="FIL", type=click.Path(dir_okay=False))
@db_option
def backup(target, db):
    """Ta sikkerhetskopi av SQLite-databasen til FIL mens Gevinstportalen kjører (SQLites backup-API; en fil som
    finnes, erstattes). PostgreSQL: bruk pg_dump."""
    outcome = backups.backup(_config(db), Path(target))
    _refused(outcome)
    click.echo(outcome.message)


@click.command(options_metavar=OPTIONS)
@click.argument("source", metavar="FIL", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="erstatt en database som allerede har data")
@db_option
def restore(source, replace, db):
    """Gjenopprett SQLite-databasen fra sikkerhetskopien FIL (kontrollert først). Stopp Gevinstportalen før du
    erstatter en database som er i bruk. PostgreSQL: bruk pg_restore."""
    outcome = backups.restore(_config(db), Path(source), replace=replace)
    _refused(outcome)
    click.echo(outcome.message)


cli.add_command(backup)
cli.add_command(backup, name="sikkerhetskopi")
cli.add_command(restore)
cli.add_command(restore, name="gjenopprett")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns its exit code (``python -m etl`` exits with it)."""
    try:
        cli.main(args=argv, prog_name="python -m etl", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        return 1
    except ConfigError as refused:
        click.echo(str(refused), err=True)
        return 1
    except OperationalError as failed:  # trial 26b: a wrong password gave a hundred lines of English traceback
        click.echo(setup.unreachable_message(failed, _database_url(argv)), err=True)
        return 1
    return 0


def _database_url(argv: list[str] | None) -> str:
    """The database a command was pointed at: its --db, else DATABASE_URL (for the message when it does not
    answer)."""
    args = list(argv if argv is not None else sys.argv[1:])
    for index, arg in enumerate(args):
        if arg == "--db" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--db="):
            return arg.split("=", 1)[1]
    return load_config().database_url
