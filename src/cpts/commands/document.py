"""`cpts document KIND ID [-o FILE]`: write a document as PDF (docs/documents.md).

KIND is contract, amendment, notice, recovery, termination, decision or adhesion. Without `-o`, the file is
`<reference>.pdf` in the current folder; `-o -` writes the PDF to standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cpts.commands.manage import setup_django
from cpts.commands.options import whole_number

KINDS = ("contract", "amendment", "notice", "recovery", "termination", "decision", "adhesion")


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("document", help="un document en PDF (contrat, avenant, avis de paiement…)")
    command.add_argument("kind", choices=KINDS, help="type de document")
    command.add_argument("id", type=whole_number, help="identifiant de l'objet (voir docs/documents.md)")
    command.add_argument("-o", "--output", help="fichier (défaut : <référence>.pdf ; « - » : sortie standard)")
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.documents.kinds import document_for
    from cpts.documents.render import render_pdf

    document = document_for(args.kind, args.id, None, everyone=True)
    pdf = render_pdf(document)
    if args.output == "-":
        sys.stdout.buffer.write(pdf)
        return 0
    target = Path(args.output or document.filename)
    target.write_bytes(pdf)
    print(f"{document.title} : {target} ({len(pdf)} octets, réf. {document.reference})")
    return 0
