"""Run the command line in-process (click's CliRunner), as an operator would type it."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from etl.cli import cli


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, input: str | None = None, env: dict | None = None) -> Ran:
    result = CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)
