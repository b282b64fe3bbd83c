"""Every setting and every CLI command is documented in the README."""

from etl.cli import cli
from settings import SETTINGS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README, setting.name


def test_every_cli_command_is_documented():
    assert len(cli.commands) >= 7
    for name in cli.commands:
        assert f"python -m etl {name}" in README, name


def test_readme_starts_with_the_two_commands():
    head = README[:600]
    assert "make run" in head and "make test" in head
