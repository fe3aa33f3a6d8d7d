"""`cpts payments run --on DATE [--cpam CODE]`: create the payment orders due on or before DATE.

Idempotent: a second run (even a concurrent one) creates nothing already
ordered (docs/ledger.md). Exit codes: 0, every contract was examined; 3 (PARTIAL),
some contracts could not be computed and are listed, the others were ordered;
2, refused before anything was written (unknown CPAM, bad date, a date after today).
`--dry-run` prints what the run would order (any date: a forecast) and writes
nothing, with the same exit codes.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cpts.accord.envelopes import MISSION_LABELS, PART_LABELS
from cpts.accord.money import ZERO, french
from cpts.commands.manage import setup_django
from cpts.commands.options import iso_date, print_json

if TYPE_CHECKING:
    from cpts.payments.runs import Preview, RunSummary, Withheld

PARTIAL = 3  # exit code: some contracts were not ordered (their schedule cannot be computed)


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("payments", help="grand livre : campagnes d'ordres de paiement")
    actions = command.add_subparsers(dest="action", required=True, parser_class=type(command))
    run = actions.add_parser("run", help="ordonnancer toutes les lignes payables à une date (pas après aujourd'hui)")
    run.add_argument("--on", type=iso_date, required=True, help="date de la campagne (AAAA-MM-JJ)")
    run.add_argument("--cpam", default="", help="code du département de la CPAM (défaut : toutes les CPAM)")
    run.add_argument("--json", action="store_true", help="sortie JSON")
    run.add_argument(
        "--dry-run", action="store_true", help="aperçu : ce que la campagne ordonnancerait, sans rien écrire"
    )
    run.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.core.actors import Actor
    from cpts.core.models import Organisation
    from cpts.payments.runs import preview_run, run_payments

    if args.cpam and not Organisation.objects.filter(kind="cpam", department=args.cpam).exists():
        raise ValueError(f"aucune CPAM pour le département « {args.cpam} »")
    if args.dry_run:
        preview = preview_run(args.on, args.cpam)
        if args.json:
            print_json(preview_dict(preview))
        else:
            print(render_preview(preview))
        return PARTIAL if preview.refused else 0
    summary = run_payments(Actor.command("cpts payments run"), args.on, args.cpam)
    if args.json:
        print_json(as_dict(summary))
    else:
        print(render(summary))
    return PARTIAL if summary.refused else 0


def withheld_dicts(lines: Iterable[Withheld]) -> list[dict[str, Any]]:
    return [
        {
            "contract": line.contract_id,
            "contract_year": line.key[0],
            "mission": line.key[1],
            "part": line.key[2],
            "kind": line.key[3],
            "amount": f"{line.amount:.2f}",
            "reason": line.reason,
        }
        for line in lines
    ]


def refused_dicts(refused: Iterable[tuple[int, str]]) -> list[dict[str, Any]]:
    return [{"contract": contract, "error": message} for contract, message in refused]


def preview_dict(preview: Preview) -> dict[str, Any]:
    return {
        "dry_run": True,
        "on": preview.on.isoformat(),
        "cpam": preview.cpam or None,
        "contracts": preview.contracts,
        "orders": preview.orders,
        "total": f"{preview.total:.2f}",
        "lines": [
            {"contract": line.contract_id, "mission": line.mission, "orders": line.orders, "total": f"{line.total:.2f}"}
            for line in preview.lines
        ],
        "refused": refused_dicts(preview.refused),
        "withheld": withheld_dicts(preview.withheld),
    }


def render_preview(preview: Preview) -> str:
    scope = f"CPAM du département {preview.cpam}" if preview.cpam else "toutes les CPAM"
    lines = [
        f"Aperçu de campagne (rien n'est écrit) — échéances payables au {preview.on:%d/%m/%Y}, {scope}",
        f"  Contrats signés examinés : {preview.contracts}",
        f"  Ordres prévus : {preview.orders}, pour un total net de {french(preview.total)}",
    ]
    lines.extend(
        f"    {MISSION_LABELS.get(mission, mission)} : {count} ordre(s), {french(total)}"
        for mission, (count, total) in preview.by_mission().items()
    )
    if preview.refused:
        lines.append(f"  Contrats non traités (échéancier impossible) : {len(preview.refused)}")
        lines.extend(f"    contrat n° {contract} : {message}" for contract, message in preview.refused)
    if preview.withheld:
        withheld = sum((line.amount for line in preview.withheld), ZERO)
        lines.append(f"  Soldes retenus, non ordonnancés : {len(preview.withheld)} ligne(s), {french(withheld)}")
    return "\n".join(lines)


def as_dict(summary: RunSummary) -> dict[str, Any]:
    return {
        "run": summary.run.pk,
        "on": summary.run.on.isoformat(),
        "cpam": summary.run.cpam or None,
        "contracts": summary.contracts,
        "contracts_with_orders": summary.contracts_with_orders,
        "orders": summary.orders,
        "total": f"{summary.total:.2f}",
        "recoveries": summary.recoveries,
        "recovered": f"{summary.recovered:.2f}",
        "refused": refused_dicts(summary.refused),
        "withheld": withheld_dicts(summary.withheld),
        "withheld_total": f"{summary.withheld_total:.2f}",
    }


def render(summary: RunSummary) -> str:
    scope = f"CPAM du département {summary.run.cpam}" if summary.run.cpam else "toutes les CPAM"
    lines = [
        f"Campagne de paiement n° {summary.run.pk} — échéances jusqu'au {summary.run.on:%d/%m/%Y}, {scope}",
        f"  Contrats signés examinés : {summary.contracts}",
        f"  Contrats ayant de nouveaux ordres : {summary.contracts_with_orders}",
        f"  Ordres créés : {summary.orders}, pour un total net de {french(summary.total)}",
    ]
    if summary.recoveries:
        lines.append(f"  dont ordres de reversement : {summary.recoveries}, pour {french(summary.recovered)}")
    if summary.refused:
        lines.append(f"  Contrats non traités (échéancier impossible) : {len(summary.refused)}")
        lines.extend(f"    contrat n° {contract} : {message}" for contract, message in summary.refused)
    if summary.withheld:
        lines.append(
            f"  Soldes retenus (politique de gestion hors accord), non ordonnancés : {len(summary.withheld)} "
            f"ligne(s), {french(summary.withheld_total)}"
        )
        lines.extend(
            f"    contrat n° {line.contract_id}, année {line.key[0]}, {MISSION_LABELS.get(line.key[1], line.key[1])}, "
            f"{PART_LABELS.get(line.key[2], line.key[2])} : "
            f"{french(line.amount)} — {line.reason}"
            for line in summary.withheld
        )
    if not summary.orders:
        lines.append("  Rien de nouveau : toutes les échéances dues étaient déjà ordonnancées.")
    return "\n".join(lines)
