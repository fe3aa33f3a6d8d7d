"""Argument types shared by the subcommands, with French error messages."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"date invalide : « {text} » (format AAAA-MM-JJ)") from error


def whole_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"nombre entier invalide : « {text} »") from error
    if number < 0:
        raise argparse.ArgumentTypeError(f"nombre négatif : {number}")
    return number


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
