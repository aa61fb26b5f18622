"""A static browser for a built release: plain HTML, CSS and JS written from its Parquet files, opened from disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from builders.viewer.site import write_site

VIEWER_DIR = "viewer"
SCREENSHOT = Path(__file__).parent / "screenshot.png"


def write_viewer(release: Path) -> Path:
    """Write `<release>/viewer/`, and the screenshot the card shows as `<release>/plots/viewer.png`."""
    index = write_site(release, release / VIEWER_DIR)
    (release / "plots").mkdir(exist_ok=True)
    shutil.copyfile(SCREENSHOT, release / "plots" / "viewer.png")
    return index


__all__ = ["VIEWER_DIR", "write_site", "write_viewer"]
