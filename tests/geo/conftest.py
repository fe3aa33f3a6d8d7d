import pytest

from cpts.geo import GeoData, load


@pytest.fixture(scope="session")
def data() -> GeoData:
    return load()
