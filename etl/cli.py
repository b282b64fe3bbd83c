"""Command line: python -m etl import|summary. Each command's docstring is its --help."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from sqlalchemy import select

from db.migrate import upgrade
from db.queries import portfolio, scheme_choices
from db.session import read_session
from db.page_queries import find_project
from db.reporting import find_round_by_name, template_data
from etl.importer import ImportResult, import_file
from etl.submissions import import_template
from etl.template import build_template, is_template
from etl.summary import summary_dict, summary_text
from settings import load_config


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")))
        else:
            files.append(path)
    return files


def _print_rejected(prefix: str, problems: list) -> bool:
    """Print every problem of a refused file to stderr; True when the file was refused."""
    if not problems:
        return False
    print(f"{prefix}: AVVIST – {len(problems)} feil, ingenting er lagret.", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return True


def _print_template_result(result, index: int, total: int, dry_run: bool) -> None:
    prefix = f"[{index}/{total}] {result.file_name}"
    if _print_rejected(prefix, result.problems):
        return
    what = "kontrollert (prøvekjøring, ingenting lagret)" if dry_run else "sendt inn til sekretariatet"
    print(f"{prefix}: rapport for {result.project}, {result.round_name}: {what}. {len(result.changes)} endringer:")
    for change in result.changes:
        print(f"  {change.area} – {change.key}: {change.before} → {change.after}")


def _print_result(result: ImportResult, index: int, total: int) -> None:
    prefix = f"[{index}/{total}] {result.file_name}"
    if _print_rejected(prefix, result.problems):
        return
    parts = [f"{label}: {s['nye']} nye, {s['endret']} endret, {s['uendret']} uendret"
             for label, s in result.stats.items()]
    what = "kontrollert (prøvekjøring, ingenting lagret)" if result.dry_run else "importert"
    note = " Filen var importert før; ingen endringer." if result.already_imported and not result.changed else ""
    print(f"{prefix}: {what} for {result.round_name}.{note}")
    for part in parts:
        print(f"  {part}")


def cmd_import(args: argparse.Namespace) -> int:
    """Load report workbooks (.xlsx files or folders of them); each file is all-or-nothing."""
    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    files = _expand(args.paths)
    if not files:
        print("Fant ingen .xlsx-filer å importere.", file=sys.stderr)
        return 2
    failed = 0
    for index, path in enumerate(files, start=1):
        data = path.read_bytes() if path.is_file() else b""
        if is_template(data):
            tresult = import_template(data, path.name, config.database_url, actor=args.user, dry_run=args.dry_run)
            _print_template_result(tresult, index, len(files), args.dry_run)
            failed += 0 if tresult.ok else 1
            continue
        result = import_file(path, config.database_url, round_name=args.round,
                             default_round=config.default_round, dry_run=args.dry_run, scheme_id=args.scheme)
        _print_result(result, index, len(files))
        failed += 0 if result.ok else 1
    if len(files) > 1:
        print(f"Ferdig: {len(files) - failed} av {len(files)} filer uten feil.")
    return 1 if failed else 0


def cmd_summary(args: argparse.Namespace) -> int:
    """Show allocations, spending, milestones and findings (``--json`` for machines)."""
    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    upgrade(config.database_url)
    with read_session(config.database_url) as session:
        data = portfolio(session=session, round_name=args.round, scheme_id=args.scheme)
        if args.json:
            print(json.dumps(summary_dict(data), ensure_ascii=False, indent=2))
        else:
            print(summary_text(data))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write the pre-filled Excel reporting template for one project and round."""
    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    upgrade(config.database_url)
    with read_session(config.database_url) as session:
        project = find_project(session=session, ref=args.project)
        round_ = find_round_by_name(session, args.round, scheme_id=project.scheme_id if project else None)
        if round_ is None:
            print(f"Runden «{args.round}» finnes ikke. Opprett den på siden Innrapportering.", file=sys.stderr)
            return 1
        if project is None:
            print(f"Fant ikke prosjektet «{args.project}».", file=sys.stderr)
            return 1
        data = template_data(session, project_id=project.id, round_id=round_.id)
    Path(args.out).write_bytes(build_template(data))
    print(f"Malen for {data.project_name} ({data.round_name}) er skrevet til {args.out}.")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    """Remind every project that has not submitted (by e-mail when SMTP is set, else print the text)."""
    from datetime import date

    from db.reporting import record_reminder, reminder_draft
    from db.session import session_scope
    from mailer import MailError, send_mail, smtp_configured

    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    upgrade(config.database_url)
    today = date.fromisoformat(config.today) if config.today else date.today()
    with session_scope(config.database_url) as session:
        round_ = find_round_by_name(session, args.round, scheme_id=args.scheme)
        if round_ is None:
            print(f"Runden «{args.round}» finnes ikke.", file=sys.stderr)
            return 1
        if args.if_due:
            days_left = (round_.deadline - today).days if round_.deadline else None
            if not round_.is_open or days_left not in config.reminder_days:
                print(f"Ingen påminnelse i dag ({args.round}: "
                      f"{'lukket' if not round_.is_open else f'{days_left} dager til fristen'}).")
                return 0
        draft = reminder_draft(session, round_id=round_.id, today=today)
        method = "manual"
        if smtp_configured(config.smtp) and draft.recipients:
            try:
                send_mail(config.smtp, recipients=draft.recipients, subject=draft.subject, body=draft.body)
                method = "smtp"
            except MailError as exc:
                print(str(exc), file=sys.stderr)
        record_reminder(session, round_id=round_.id, actor=args.user, method=method, draft=draft)
    if method == "smtp":
        print(f"Påminnelse sendt til {len(draft.recipients)} adresser.")
    else:
        print(f"Til: {', '.join(draft.recipients) or '(ingen adresser registrert)'}")
        if draft.missing_address:
            print(f"Mangler e-postadresse: {', '.join(draft.missing_address)}")
        print(f"Emne: {draft.subject}\n\n{draft.body}")
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        raise SystemExit("Passordet leses fra standard input: bruk --password-stdin (det skrives aldri på "
                         "kommandolinjen, der andre kan se det).")
    return sys.stdin.readline().rstrip("\n")


def cmd_users(args: argparse.Namespace) -> int:
    """Administer users: add, list, set-password, disable, enable (usable in scripts)."""
    from db.session import session_scope
    from db.users import UserError, add_user, list_users, set_active, set_password

    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    upgrade(config.database_url)
    try:
        with session_scope(config.database_url) as session:
            if args.users_command == "add":
                add_user(session, username=args.username, role=args.role, password=_read_password(args),
                         name=args.name, email=args.email, projects=args.project or [])
                print(f"Brukeren «{args.username}» ({args.role}) er opprettet.")
            elif args.users_command == "set-password":
                set_password(session, username=args.username, password=_read_password(args))
                print(f"Passordet til «{args.username}» er endret.")
            elif args.users_command in ("disable", "enable"):
                set_active(session, username=args.username, active=args.users_command == "enable")
                print(f"Brukeren «{args.username}» er {'aktivert' if args.users_command == 'enable' else 'deaktivert'}.")
            else:
                from db.models import Project
                numbers = {p.id: p.number or f"id-{p.id}" for p in session.scalars(select(Project))}
                print(f"{'Brukernavn':<24} {'Rolle':<14} {'Aktiv':<6} {'Navn':<28} Prosjekter")
                for user in list_users(session):
                    projects = ", ".join(sorted(numbers[link.project_id] for link in user.projects)) or "–"
                    print(f"{user.username:<24} {user.role:<14} {'ja' if user.is_active else 'nei':<6} "
                          f"{(user.name or '–')[:27]:<28} {projects}")
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def cmd_schemes(args: argparse.Namespace) -> int:
    """List the grant schemes (with the partnership that owns each) or add one."""
    from db.session import session_scope
    from db.writes import SchemeError, create_scheme

    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    upgrade(config.database_url)
    if args.schemes_command == "list":
        with read_session(config.database_url) as session:
            for choice in scheme_choices(session=session):
                print(f"{choice.id:>4}  {choice.label}")
        return 0
    try:
        with session_scope(config.database_url) as session:
            scheme = create_scheme(session, partnership=args.partnership, name=args.name,
                                   yearly_envelope=args.envelope, first_year=args.first_year)
            print(f"Ordningen «{scheme.name}» ({scheme.partnership}) er opprettet med id {scheme.id}.")
    except SchemeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Generate the round report (pdf, docx, xlsx), the slides (pptx) or the SSU case document (saksframlegg)."""
    from datetime import date

    from reports.generate import ReportError, generate

    config = load_config({"DATABASE_URL": args.db} if args.db else None)
    upgrade(config.database_url)
    today = date.fromisoformat(config.today) if config.today else date.today()
    try:
        document = generate(config.database_url, round_name=args.round, fmt=args.format, today=today,
                            scheme_id=args.scheme)
    except ReportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    Path(args.out).write_bytes(document.content)
    print(f"{args.format}: skrevet til {args.out} ({len(document.content) // 1024} kB).")
    return 0


SCHEME_HELP = "tilskuddsordningens id (standard: den første); se «python -m etl schemes list»"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Gevinstportalen: import og oversikt.")
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help=cmd_import.__doc__, description=cmd_import.__doc__)
    imp.add_argument("paths", nargs="+", metavar="PATH", help="Excel-filer (.xlsx) eller mapper med slike")
    imp.add_argument("--db", help="database-URL (standard: DATABASE_URL eller SQLite-filen i instance/)")
    imp.add_argument("--round", help="rapporteringsrunde, f.eks. «Høst 2025»")
    imp.add_argument("--dry-run", action="store_true", help="kontroller og vis endringer uten å lagre")
    imp.add_argument("--user", default=os.environ.get("USER") or "kommandolinje",
                     help="hvem som sender inn en utfylt rapporteringsmal (standard: brukernavnet)")
    imp.add_argument("--scheme", type=int, metavar="ID", help=SCHEME_HELP)
    imp.set_defaults(func=cmd_import)

    tpl = sub.add_parser("template", help=cmd_template.__doc__, description=cmd_template.__doc__)
    tpl.add_argument("--project", required=True, metavar="NR", help="prosjektnummer")
    tpl.add_argument("--round", required=True, help="rapporteringsrunde, f.eks. «Vår 2026»")
    tpl.add_argument("--out", required=True, metavar="FILE.xlsx")
    tpl.add_argument("--db", help="database-URL")
    tpl.set_defaults(func=cmd_template)

    rem = sub.add_parser("remind", help=cmd_remind.__doc__, description=cmd_remind.__doc__)
    rem.add_argument("--round", required=True, help="rapporteringsrunde, f.eks. «Vår 2026»")
    rem.add_argument("--if-due", action="store_true",
                     help="bare når runden er åpen og fristen er GEVINST_REMINDER_DAYS dager unna (for cron)")
    rem.add_argument("--user", default="automatisk påminnelse")
    rem.add_argument("--scheme", type=int, metavar="ID", help=SCHEME_HELP)
    rem.add_argument("--db", help="database-URL")
    rem.set_defaults(func=cmd_remind)

    rep = sub.add_parser("report", help=cmd_report.__doc__, description=cmd_report.__doc__)
    rep.add_argument("--round", required=True, help="rapporteringsrunde, f.eks. «Høst 2025»")
    rep.add_argument("--format", required=True, choices=["pdf", "docx", "xlsx", "pptx", "saksframlegg"])
    rep.add_argument("--out", required=True, metavar="FILE")
    rep.add_argument("--scheme", type=int, metavar="ID", help=SCHEME_HELP)
    rep.add_argument("--db", help="database-URL")
    rep.set_defaults(func=cmd_report)

    users = sub.add_parser("users", help=cmd_users.__doc__, description=cmd_users.__doc__)
    users.add_argument("--db", help="database-URL")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="ny bruker")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["sekretariat", "prosjektleder", "leser"])
    add.add_argument("--project", action="append", metavar="NR", help="prosjekt prosjektlederen rapporterer for")
    add.add_argument("--name")
    add.add_argument("--email")
    add.add_argument("--password-stdin", action="store_true", help="les passordet fra standard input")
    users_sub.add_parser("list", help="list brukerne")
    for name, text in (("set-password", "nytt passord"), ("disable", "deaktiver"), ("enable", "aktiver")):
        cmd = users_sub.add_parser(name, help=text)
        cmd.add_argument("username")
        if name == "set-password":
            cmd.add_argument("--password-stdin", action="store_true", help="les passordet fra standard input")
    for parser_ in (add, *[users_sub.choices[n] for n in ("list", "set-password", "disable", "enable")]):
        parser_.add_argument("--db", help="database-URL", default=argparse.SUPPRESS)
    users.set_defaults(func=cmd_users)

    summ = sub.add_parser("summary", help=cmd_summary.__doc__, description=cmd_summary.__doc__)
    summ.add_argument("--db", help="database-URL")
    summ.add_argument("--round", help="rapporteringsrunde (standard: den siste)")
    summ.add_argument("--json", action="store_true", help="maskinlesbar JSON")
    summ.add_argument("--scheme", type=int, metavar="ID", help=SCHEME_HELP)
    summ.set_defaults(func=cmd_summary)

    schemes = sub.add_parser("schemes", help=cmd_schemes.__doc__, description=cmd_schemes.__doc__)
    schemes.add_argument("--db", help="database-URL")
    schemes_sub = schemes.add_subparsers(dest="schemes_command", required=True)
    schemes_sub.add_parser("list", help="list ordningene med id, partnerskap og navn")
    new = schemes_sub.add_parser("add", help="ny ordning (med de 8 kriteriene fra standardordningen)")
    new.add_argument("--partnership", required=True, help="helsefellesskapet som eier ordningen")
    new.add_argument("--name", required=True, help="navnet på ordningen")
    new.add_argument("--envelope", required=True, type=int, metavar="KR", help="årlig ramme i kroner")
    new.add_argument("--first-year", required=True, type=int, metavar="ÅR")
    for parser_ in schemes_sub.choices.values():
        parser_.add_argument("--db", help="database-URL", default=argparse.SUPPRESS)
    schemes.set_defaults(func=cmd_schemes)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
