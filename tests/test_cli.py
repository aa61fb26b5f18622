"""The command line: every command answers --help, through the console script and `python -m builders`."""

import subprocess
import sys

import pytest

COMMANDS = ["build", "validate", "verify", "schema", "locate", "counts", "agreement", "lock", "diff", "card", "baselines", "candidates"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command):
    result = subprocess.run([sys.executable, "-m", "builders", command, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"hague-claims {command}" in result.stdout


def test_version_is_the_package_version():
    import builders

    result = subprocess.run([sys.executable, "-m", "builders", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"hague-claims {builders.__version__}"
