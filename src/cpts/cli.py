"""The `cpts` command line. Each subcommand lives in `cpts.commands.<name>`.

Errors are one French line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from cpts.accord.errors import AccordError

# Subcommand modules, in the order `cpts --help` lists them. Each defines
# `register(subparsers)`, which adds its parser(s) with `func` set to the runner
# ("production" adds migrate, collectstatic, backup and restore).
COMMANDS = (
    "size",
    "envelopes",
    "schedule",
    "territory",
    "payments",
    "steering",
    "projection",
    "open-data",
    "document",
    "token",
    "db",
    "production",
    "demo",
    "demo-data",
    "generate",
    "manage",
)

# argparse's own messages in French. argparse looks each message up through its module-level
# gettext alias `_` when it prints it, so replacing that alias translates usage, help and errors.
FRENCH = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "not allowed with argument %s": "incompatible avec l'option %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def french_plural(singular: str, plural: str, count: int) -> str:
    return french(singular if count == 1 else plural)


argparse._ = french  # type: ignore[attr-defined]
argparse.ngettext = french_plural  # type: ignore[attr-defined]


class FrenchParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one French line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, french("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


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
    except BrokenPipeError:
        # `cpts … | head`: the reader has what it wanted. Point stdout at /dev/null so that the interpreter's
        # final flush does not fail again, and end quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (AccordError, ValueError, OSError) as error:
        print(f"cpts : erreur : {error}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
