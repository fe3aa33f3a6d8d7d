"""The DSFR charts served by the steering page are the npm package's files, unchanged (no CDN)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "@gouvfr" / "dsfr-chart"
SERVED = ROOT / "src" / "cpts" / "web" / "static" / "cpts" / "vendor" / "dsfr-chart"


def test_the_served_charts_are_the_installed_package() -> None:
    if not PACKAGE.exists():
        pytest.skip("npm ci n'a pas été lancé : pas de paquet @gouvfr/dsfr-chart à comparer")
    wanted = json.loads((ROOT / "package.json").read_text())["devDependencies"]["@gouvfr/dsfr-chart"]
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == wanted
    for name in ("DSFRChart.js", "DSFRChart.css"):
        assert (SERVED / name).read_bytes() == (PACKAGE / "dist" / "DSFRChart" / name).read_bytes(), name
    assert wanted in (SERVED / "SOURCE.txt").read_text()
