"""The command line speaks bokmål, also in click's own help and error messages."""

from __future__ import annotations

import re

import pytest

from etl.cli import cli
from tests.cli import run_cli

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Error|Missing|Show this|required|Invalid|No such|Try)\b")


def _every_command(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _every_command(command, (*prefix, name))


@pytest.mark.parametrize("words", [(), *_every_command(cli)], ids=lambda w: " ".join(w) or "etl")
def test_help_is_norwegian(words):
    result = run_cli(*words, "--help")
    assert result.returncode == 0 and "Bruk:" in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout


@pytest.mark.parametrize(
    "args,expected",
    [
        (("report", "--round"), "Valget '--round' må ha en verdi."),
        (("report", "--round", "Høst 2025", "--out", "x.pdf"), "Mangler valget '--format'."),
        (("report", "--round", "Høst 2025", "--format", "tull", "--out", "x"), "er ikke blant"),
        (("tull",), "Kommandoen 'tull' finnes ikke."),
        (
            ("schemes", "add", "--partnership", "P", "--name", "N", "--envelope", "mye", "--first-year", "2026"),
            "'mye' er ikke et gyldig heltall.",
        ),
    ],
)
def test_usage_errors_are_norwegian(args, expected):
    result = run_cli(*args)
    assert result.returncode == 2
    assert expected in result.stderr and "Feil:" in result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr
