"""`cpts schedule FILE [--json] [--explain]`: the dated payment schedule of one contract (docs/ledger.md)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from cpts.accord.contract import ContractDescription
from cpts.accord.contract_file import load_description
from cpts.accord.dossier import yearly_updates
from cpts.accord.money import french
from cpts.accord.schedule import MembersListYear, Schedule, compute_schedule, early_mission_schedule
from cpts.commands.options import iso_date, print_json
from cpts.core.words import (
    DEADLINE_KIND_LABELS,
    DEADLINE_STATUS_LABELS,
    KIND_LABELS,
    MEMBERS_LIST_STATUS_LABELS,
    MISSION_LABELS,
    PART_LABELS,
)

PENDING_VARIABLE = "Volets variables en attente de la revue annuelle (montant maximal à 100 %)"
PENDING_WITH_DOSSIER = "En attente : volets variables (revue annuelle, au plus à 100 %), fonctionnement (dossier)"
PENDING_OTHER = "En attente : volets variables (revue annuelle, au plus à 100 %) et autres montants (motif indiqué)"
MEMBERS_LISTS = (
    "Liste des adhérents de chaque année (002 §5.1 : « En justificatif ... tous les ans » ; règle MEMBERS_LIST_YEARLY)"
)


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("schedule", help="échéancier daté des versements d'un contrat")
    command.add_argument("file", help="description du contrat (YAML ou JSON, voir docs/contract-format.md)")
    command.add_argument("--json", action="store_true", help="sortie JSON (avec les explications)")
    command.add_argument("--explain", action="store_true", help="détail du calcul de chaque versement")
    command.add_argument("--today", type=iso_date, help="date du jour pour l'état des échéances (défaut : aujourd'hui)")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    contract = load_description(args.file)
    today = args.today or dt.date.today()
    if not isinstance(contract, ContractDescription):  # an early-mission contract alone, no ACI (002 §3.2)
        alone = early_mission_schedule(contract)
        print_json(alone.to_dict(explain=True)) if args.json else print(render(alone, args.explain))
        return 0
    schedule = compute_schedule(contract, today=today)
    updates = yearly_updates(contract.signed_on, contract.dossier, today)  # rule DOSSIER_YEARLY_UPDATE
    if args.json:
        document = schedule.to_dict(explain=True)
        if contract.dossier is not None:
            document["dossier"] = {
                "complete_on": contract.dossier.complete_on.isoformat() if contract.dossier.complete_on else None,
                "yearly_updates": [update.to_dict() for update in updates],
            }
        print_json(document)
    else:
        print(render(schedule, args.explain))
        if updates:
            print("\nMise à jour annuelle du dossier (002 annexe 1, art. 1 : « une fois par an »)")
            for update in updates:
                state = f"reçue le {update.received_on:%d/%m/%Y}" if update.received_on else update.status_label
                print(f"  année {update.contract_year} : {state}")
    return 0


def members_list_text(item: MembersListYear) -> str:
    """One year's list of members in French: its state, and the count of the list received."""
    text = f"année {item.contract_year} (jusqu'au {item.closes_on:%d/%m/%Y}) : "
    if item.received_on is not None:
        late = " après l'anniversaire," if item.status == "late" else ""
        return text + f"reçue{late} le {item.received_on:%d/%m/%Y} ({item.members} membres)"
    text += MEMBERS_LIST_STATUS_LABELS[item.status]
    if item.short:
        text += f" (liste reçue de {item.members} membres, moins de cent)"
    return text


def render(schedule: Schedule, explain: bool) -> str:
    lines = [f"Échéancier — taille {schedule.size}", ""]
    header = f"{'Date':<10}  {'Année':>5}  {'Mission':<38} {'Volet':<42} {'Nature':<14} {'Montant':>15}"
    lines += [header, "-" * len(header)]
    for payment in schedule.payments:
        lines.append(
            f"{payment.due_on:%d/%m/%Y}  {payment.contract_year:>5}  {MISSION_LABELS[payment.mission][:38]:<38} "
            f"{PART_LABELS[payment.part][:42]:<42} {KIND_LABELS[payment.kind]:<14} {french(payment.amount):>15}"
        )
        if explain:
            lines.append(payment.explanation.to_text("      "))
    totals = schedule.totals()
    lines += ["", "Totaux par année du contrat (0 : contrat de mission précoce)"]
    lines += [f"  année {year} : {french(amount):>15}" for year, amount in totals["by_year"].items()]
    lines += ["", "Totaux par mission"]
    by_mission = totals["by_mission"].items()
    lines += [f"  {MISSION_LABELS[mission]:<45} {french(amount):>15}" for mission, amount in by_mission]
    lines += ["", f"Total versé : {french(totals['total'])}"]
    if schedule.pending:
        variable_only = all(item.part == "variable" for item in schedule.pending)
        dossier_only = all(item.part in ("variable", "operating") for item in schedule.pending)
        lines += ["", PENDING_VARIABLE if variable_only else PENDING_WITH_DOSSIER if dossier_only else PENDING_OTHER]
        lines += [
            f"  année {item.contract_year} — {MISSION_LABELS[item.mission]} : au plus {french(item.maximum)}, "
            f"à régler au {item.settles_on:%d/%m/%Y}" + ("" if item.part == "variable" else f" — {item.reason}")
            for item in schedule.pending
        ]
    if schedule.warnings:
        lines += ["", "Avertissements"] + [f"  {warning}" for warning in schedule.warnings]
    if schedule.members_lists:
        lines += ["", MEMBERS_LISTS] + [f"  {members_list_text(item)}" for item in schedule.members_lists]
    if not schedule.years:
        return "\n".join(lines)
    lines += ["", "Calendrier de déploiement (002 annexe 1, art. 3)"]
    for deadline in schedule.deadlines:
        due = f"{deadline.due_on:%d/%m/%Y}" if deadline.due_on else "—"
        done = f", fait le {deadline.done_on:%d/%m/%Y}" if deadline.done_on else ""
        lines.append(
            f"  {MISSION_LABELS[deadline.mission]} — {DEADLINE_KIND_LABELS[deadline.kind]} : "
            f"au plus tard le {due}{done} "
            f"({DEADLINE_STATUS_LABELS[deadline.status]}{' : ' + deadline.reason if deadline.reason else ''})"
        )
    return "\n".join(lines)
