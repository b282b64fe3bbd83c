"""click's own messages in bokmål (usage, help headings, and errors such as a missing option).

click looks its messages up through ``gettext`` names bound in each of its modules; ``install`` points
those names at this table, so the command line prints no English. A message not in the table is shown
as click wrote it.
"""

from __future__ import annotations

import importlib

MESSAGES = {
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Skriv «{command} {option}» for hjelp.",
    "Missing argument": "Mangler argument",
    "Missing option": "Mangler valget",
    "Missing parameter": "Mangler verdi",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler verdi: {param_name}",
    "Missing command.": "Mangler kommando.",
    "No such command {name!r}.": "Kommandoen {name!r} finnes ikke.",
    "No such option {name!r}.": "Valget {name!r} finnes ikke.",
    "Option {name!r} does not take a value.": "Valget {name!r} tar ingen verdi.",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldig heltall.",
    "{value} is not in the range {range}.": "{value} er utenfor {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} er ikke ja eller nei ({states}).",
    "{name} {filename!r} does not exist.": "{filename!r} finnes ikke.",
    "{name} {filename!r} is a directory.": "{filename!r} er en mappe.",
    "{name} {filename!r} is a file.": "{filename!r} er en fil.",
    "{name} {filename!r} is not readable.": "{filename!r} kan ikke leses.",
    "{name} {filename!r} is not writable.": "{filename!r} kan ikke skrives til.",
    "{name} {filename!r} is not executable.": "{filename!r} kan ikke kjøres.",
    "Could not open file {filename!r}: {message}": "Kunne ikke åpne filen {filename!r}: {message}",
    "Aborted!": "Avbrutt.",
    "default: {default}": "standard: {default}",
    "required": "påkrevd",
    "env var: {var}": "miljøvariabel: {var}",
    "Choose from:\n\t{choices}": "Velg blant:\n\t{choices}",
    "Value must be an iterable.": "Verdien må være en liste.",
    "unknown error": "ukjent feil",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "deprecated": "utgått",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Option {name!r} requires an argument.": "Valget {name!r} må ha en verdi.",
    "Option {name!r} requires {nargs} arguments.": "Valget {name!r} må ha {nargs} verdier.",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} er ikke blant {choices}.",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en av disse: {possibilities}?)",
    "Takes {nargs} values but 1 was given.": "Tar {nargs} verdier, men fikk 1.",
    "Takes {nargs} values but {len} were given.": "Tar {nargs} verdier, men fikk {len}.",
}
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Make click speak bokmål (its modules call ``_`` and ``ngettext`` by name when they format a message)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural
