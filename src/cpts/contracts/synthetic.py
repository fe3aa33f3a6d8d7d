"""Synthetic CPTS with signed contracts for load tests (`cpts generate --cpts N`).

Rows are written with bulk_create, bypassing the services on purpose (speed):
they follow the same rules (validated letter and health project before a
signature after 24 August 2019, the three parties' signatures, four core missions),
but are not audited.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from cpts.communities.models import Community, HealthProject, LetterOfIntent
from cpts.contracts.models import Contract, Mission, Signature
from cpts.core.identifiers import with_luhn_key
from cpts.core.models import Organisation
from cpts.core.organisations import ars_for, cpam_for
from cpts.geo import load

CORE_MISSIONS = ("access", "pathways", "prevention", "crisis")  # 002 annexe 1, art. 2
FIRST_SIGNATURE = dt.date(2019, 9, 2)  # after the ACI start, 24 August 2019 (rule ACI_2019_START)
AVENANT_2 = dt.date(2022, 9, 3)  # 002 §1.3
ACTOR_NAME = "cpts generate"


def departments() -> list[str]:
    return sorted({d for place in load().places() if place.kind == "commune" for d in place.departments})


def generate(count: int, seed: int = 0, batch_size: int = 500) -> int:
    """Create `count` signed CPTS contracts; returns how many CPTS exist with the synthetic prefix."""
    rng = random.Random(seed)
    geo = load()
    codes = departments()
    start = Community.objects.filter(name__startswith="CPTS synthétique").count()
    with transaction.atomic():
        parties = {d: (cpam_for(d), ars_for(geo.region_of(d))) for d in codes}
        plans: list[dict[str, Any]] = []
        for index in range(start, start + count):
            department = codes[index % len(codes)]
            signed_on = FIRST_SIGNATURE + dt.timedelta(days=rng.randrange(0, 6 * 365))
            plans.append({"index": index, "department": department, "signed_on": signed_on, "size": rng.randint(1, 4)})
        organisations = Organisation.objects.bulk_create(
            [Organisation(kind="cpts", name=f"CPTS synthétique {p['index'] + 1:05d}") for p in plans], batch_size
        )
        communities = Community.objects.bulk_create(
            [
                Community(
                    organisation=organisation,
                    name=organisation.name,
                    siren=with_luhn_key(f"8{p['index']:07d}"),
                    address=f"{p['index'] + 1} rue de la Santé",
                    department=p["department"],
                    region=parties[p["department"]][1].region,
                )
                for organisation, p in zip(organisations, plans, strict=True)
            ],
            batch_size,
        )
        days = dt.timedelta
        LetterOfIntent.objects.bulk_create(
            [
                LetterOfIntent(
                    community=c, submitted_on=p["signed_on"] - days(200), validated_on=p["signed_on"] - days(170)
                )
                for c, p in zip(communities, plans, strict=True)
            ],
            batch_size,
        )
        HealthProject.objects.bulk_create(
            [
                HealthProject(
                    community=c, submitted_on=p["signed_on"] - days(100), validated_on=p["signed_on"] - days(60)
                )
                for c, p in zip(communities, plans, strict=True)
            ],
            batch_size,
        )
        contracts = Contract.objects.bulk_create(
            [
                Contract(
                    community=c,
                    cpam=parties[p["department"]][0],
                    ars=parties[p["department"]][1],
                    signed_on=p["signed_on"],
                    size=p["size"],
                    sas_from=p["signed_on"] if p["signed_on"] >= AVENANT_2 and rng.random() < 0.7 else None,
                )
                for c, p in zip(communities, plans, strict=True)
            ],
            batch_size,
        )
        # Each party's signature on the contract's date (rule SIGNATURES_THREE_PARTIES), signer unnamed.
        Signature.objects.bulk_create(
            [
                Signature(contract=contract, party=party, signed_on=contract.signed_on, recorded_by_name=ACTOR_NAME)
                for contract in contracts
                for party in Signature.ORDER
            ],
            batch_size,
        )
        Mission.objects.bulk_create(
            [
                Mission(contract=contract, key=key, started_on=contract.signed_on + days(30 + 60 * number))
                for contract in contracts
                for number, key in enumerate(CORE_MISSIONS)
            ],
            batch_size,
        )
    return start + count
