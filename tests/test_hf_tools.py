"""The release passes the Hugging Face tooling users run on it: `datasets-cli test --all_configs`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path


def test_datasets_cli_test_all_configs(release, tmp_path):
    cli = Path(sys.executable).with_name("datasets-cli")
    assert cli.exists(), "datasets-cli is installed with datasets"
    copy = tmp_path / release.name  # datasets-cli may write next to the data; keep the shared release untouched
    shutil.copytree(release, copy)
    result = subprocess.run(
        [str(cli), "test", str(copy), "--all_configs", "--cache_dir", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"},
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Test successful." in output
    assert output.count("Testing builder") == 11
