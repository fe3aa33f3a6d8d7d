"""The shared world builds through the real services: two signed contracts, one user per role."""

import datetime as dt

from cpts.contracts.models import Mission


def test_world_has_two_signed_contracts_in_different_regions(world):
    assert world.contract.signed_on == dt.date(2023, 3, 15)
    assert world.community.region == "44" and world.other_community.region == "75"
    assert world.contract.cpam == world.organisations["cpam"] and world.contract.ars == world.organisations["ars"]
    assert world.community.territory.size == 1 and world.other_community.territory.size == 4
    # Signature opens the four core missions (002 annexe 1, art. 2).
    assert sorted(Mission.objects.filter(contract=world.contract).values_list("key", flat=True)) == [
        "access", "crisis", "pathways", "prevention",
    ]  # fmt: skip
