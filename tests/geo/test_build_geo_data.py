"""scripts/build_geo_data.py on a tiny package folder shaped like @etalab/decoupage-administratif."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from cpts.geo import build_territory, load

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_geo_data.py"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_geo_data", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def package(root: Path, communes: list[dict[str, object]]) -> Path:
    geography = {"departement": "69", "region": "84"}
    files = {
        "regions": [{"code": "84", "nom": "Auvergne-Rhône-Alpes"}],
        "departements": [{"code": "69", "nom": "Rhône", "region": "84"}],
        "communes": [{**geography, **commune} for commune in communes],
        "epci": [{"code": "200046977", "nom": "Métropole", "type": "MET69", "membres": [{"code": "69123"}]}],
    }
    (root / "data").mkdir(parents=True)
    for name, items in files.items():
        (root / "data" / f"{name}.json").write_text(json.dumps(items), encoding="utf-8")
    return root


CITY = {"code": "69123", "nom": "Lyon", "type": "commune-actuelle", "population": 100, "anciensCodes": ["69999"]}
ARRONDISSEMENT = {"code": "69381", "nom": "Lyon 1er", "type": "arrondissement-municipal", "commune": "69123"}


def test_compact_file_round_trip(tmp_path: Path) -> None:
    builder = script()
    source = package(
        tmp_path / "package",
        [
            CITY,
            {**ARRONDISSEMENT, "population": 40},
            {"code": "69001", "nom": "Déléguée", "type": "commune-deleguee", "chefLieu": "69123"},
            {"code": "69002", "nom": "Inhabitée", "type": "commune-actuelle"},  # no population: 0
        ],
    )
    target = tmp_path / "geo-2099.json.gz"
    assert builder.main(["--package", str(source), "--vintage", "2099", "--output", str(target)]) == 0
    data = load(str(target))
    assert (data.vintage, data.source["package"]) == ("2099", "@etalab/decoupage-administratif@6.0.0")
    assert data.unit("69002").population == 0 and data.former("69999") == "69123"
    territory = build_territory(communes=["69001", "69381"], epci=["200046977"], data=data)
    assert (territory.population, territory.communes) == (100, ("69123",))


def test_broken_links_are_refused(tmp_path: Path) -> None:
    source = package(tmp_path / "package", [CITY, {**ARRONDISSEMENT, "commune": "69000", "population": 1}])
    with pytest.raises(ValueError, match="arrondissements : commune parente inconnue"):
        script().compact(source, "6.0.0", "2099")
