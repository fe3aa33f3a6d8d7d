"""Generated contracts with a fixed seed, for the schedule benchmark and its snapshot test.

Every mission, amendments (avenant n° 2, size, members), terminations by the
CPTS and declared crises, drawn from `random.Random(seed)`: the same seed gives
the same contracts on every machine, so timings and snapshots compare.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from cpts.accord.contract import Amendment, ContractDescription, MissionDates, Termination

MISSION_KEYS = ("access", "pathways", "prevention", "crisis", "quality", "support")
AVENANT_2 = dt.date(2022, 9, 3)  # 002 §2.3: contracts signed before move to avenant n° 2 by amendment


def generated(count: int, seed: int = 3) -> list[ContractDescription]:
    rng = random.Random(seed)
    return [_contract(rng) for _ in range(count)]


def _contract(rng: random.Random) -> ContractDescription:
    signed_on = dt.date(2019, 9, 1) + dt.timedelta(days=rng.randrange(6 * 365))

    def day(low: int = 0, high: int = 5 * 365, base: dt.date = signed_on) -> dt.date:
        return base + dt.timedelta(days=rng.randrange(low, high))

    moved = max(day(0, 900) if signed_on < AVENANT_2 else signed_on, AVENANT_2)
    amendments: tuple[Amendment, ...] = (Amendment(moved, avenant_2=True),) if signed_on < AVENANT_2 else ()
    if rng.random() < 0.3:
        amendments += (Amendment(day(), size=rng.randint(1, 4), members=rng.randrange(150)),)
    missions = {
        mission: MissionDates(started_on=day(0, 700, moved if mission == "crisis" else signed_on))
        for mission in MISSION_KEYS
        if rng.random() < 0.85
    }
    attainment = {
        (year, mission): Decimal(rng.randrange(101)) / 100
        for year in range(1, 6)
        for mission in missions
        if mission != "crisis" and rng.random() < 0.7
    }
    termination = Termination(day(), "cpts") if rng.random() < 0.2 else None
    return ContractDescription(
        signed_on=signed_on,
        size=rng.randint(1, 4),
        sas_from=day(-400, 1500) if rng.random() < 0.7 else None,
        orientation_service=rng.random() < 0.3,
        members=rng.randrange(150),
        missions=missions,
        crisis_plan_drafted_on=day(0, 900, moved),
        attainment=attainment,
        crises=tuple(day() for _ in range(rng.randrange(3))),
        amendments=amendments,
        termination=termination,
        covid_2021_actions=rng.random() < 0.5,
    )
