"""The `cpts` command line. Each subcommand lives in `cpts.commands.<name>`.

Errors are one French line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from cpts.accord.errors import AccordError

# Subcommand modules, in the order `cpts --help` lists them. Each defines
# `register(subparsers)`, which adds its parser with `func` set to its runner.
COMMANDS = (
    "size",
    "envelopes",
    "schedule",
    "territory",
    "payments",
    "token",
    "demo",
    "demo-data",
    "generate",
    "manage",
)

TRANSLATIONS = {
    "the following arguments are required": "arguments obligatoires manquants",
    "unrecognized arguments": "arguments non reconnus",
    "invalid choice": "choix invalide",
    "expected one argument": "une valeur est attendue",
    "not allowed with argument": "incompatible avec l'option",
    "invalid int value": "nombre entier invalide",
}


class FrenchParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one French line and exit 2."""

    def error(self, message: str) -> NoReturn:
        for english, french in TRANSLATIONS.items():
            message = message.replace(english, french)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def parser() -> argparse.ArgumentParser:
    root = FrenchParser(prog="cpts", description="ACI CPTS : tailles, enveloppes, échéanciers, application.")
    subparsers = root.add_subparsers(dest="command", required=True, parser_class=FrenchParser)
    for name in COMMANDS:
        importlib.import_module(f"cpts.commands.{name.replace('-', '_')}").register(subparsers)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except (AccordError, ValueError, OSError) as error:
        print(f"cpts : erreur : {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
