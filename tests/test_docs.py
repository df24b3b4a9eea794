"""The documentation is tested: every command has working --help, the README names every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from readouts.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def commands() -> list[str]:
    return sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands)


def test_there_are_commands():
    assert "extract" in commands()


def test_root_help_exits_zero_and_lists_every_command():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in commands():
        assert name in result.stdout


@pytest.mark.parametrize("command", commands())
def test_command_help_exits_zero(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


@pytest.mark.parametrize("command", commands())
def test_readme_mentions_every_command(command):
    if not README.is_file():
        pytest.skip("README.md does not exist yet")
    assert f"readouts {command}" in README.read_text(encoding="utf-8")


def test_installed_entry_point_help(tmp_path):
    import shutil
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("readouts")
    if not exe.exists():
        exe = shutil.which("readouts")
        if exe is None:
            pytest.skip("readouts entry point not installed")
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0
    assert "extract" in proc.stdout
