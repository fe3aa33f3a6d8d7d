"""Members import: a file with one error is refused whole with (line, column, reason); nothing is written."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cpts.communities.models import Member
from cpts.core.identifiers import with_luhn_key
from cpts.web.imports import import_members

from .conftest import World

RPPS_1 = with_luhn_key("1000000000")
RPPS_2 = with_luhn_key("1000000001")
GOOD = (
    "type;nom;profession;rpps;professionnels;adhesion\n"
    f"professionnel;Dr Claire Martin;médecin généraliste;{RPPS_1};;01/02/2024\n"
    "Maison de santé pluriprofessionnelle;MSP des Côtes;;;12;2024-02-01\n"
)


def test_a_good_csv_is_imported_and_audited(world: World) -> None:
    result = import_members(world.actor("cpts"), world.community, "membres.csv", GOOD.encode())
    assert result.ok, result.errors
    assert {m.name for m in result.created} == {"Dr Claire Martin", "MSP des Côtes"}
    assert Member.objects.get(name="MSP des Côtes").professionals == 12


def test_one_bad_row_refuses_the_whole_file(world: World) -> None:
    before = Member.objects.count()
    content = (
        GOOD + f"professionnel;Paul Durand;infirmier;{RPPS_1[:-1]}0;;01/02/2024\nmsp;MSP sans nombre;;;;01/02/2024\n"
    )
    if RPPS_1.endswith("0"):  # keep the key wrong whatever the computed check digit
        content = content.replace(f"{RPPS_1[:-1]}0", f"{RPPS_1[:-1]}1")
    result = import_members(world.actor("cpts"), world.community, "membres.csv", content.encode("utf-8"))
    assert not result.ok
    assert Member.objects.count() == before
    cells = {(e.line, e.column) for e in result.errors}
    assert (4, "rpps") in cells  # the Luhn key of line 4 is wrong
    assert (5, "professionnels") in cells  # an MSP must give its number of professionals (002 §5.1)


def test_duplicate_rpps_inside_the_file_and_bad_date(world: World) -> None:
    content = (
        "type;nom;profession;rpps;adhesion\n"
        f"professionnel;A;médecin;{RPPS_2};01/02/2024\n"
        f"professionnel;B;médecin;{RPPS_2};01/02/2024\n"
        f"professionnel;C;médecin;{with_luhn_key('1000000002')};31/02/2024\n"
    )
    result = import_members(world.actor("cpts"), world.community, "m.csv", content.encode())
    assert [(e.line, e.column) for e in result.errors] == [(3, "rpps"), (4, "adhesion")]
    assert "ligne 2" in result.errors[0].reason


def test_unknown_column_or_format_is_one_error(world: World) -> None:
    result = import_members(world.actor("cpts"), world.community, "m.csv", b"nom;couleur\nA;bleu\n")
    assert [(e.line, e.column) for e in result.errors] == [(1, "(fichier)")]
    assert "couleur" in result.errors[0].reason
    result = import_members(world.actor("cpts"), world.community, "m.pdf", b"%PDF")
    assert "csv" in result.errors[0].reason


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_numeric_rpps_and_date_cells(world: World) -> None:
    import datetime as dt

    content = xlsx(
        [
            ["Type", "Nom", "Profession", "RPPS", "Adhésion"],
            ["professionnel", "Dr X", "sage-femme", int(RPPS_2), dt.datetime(2024, 3, 1)],
        ]
    )
    result = import_members(world.actor("cpts"), world.community, "membres.xlsx", content)
    assert result.ok, result.errors
    assert result.created[0].rpps == RPPS_2


def test_import_page_shows_the_error_table(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("m.csv", b"type;nom;adhesion\nlicorne;A;01/02/2024\n", content_type="text/csv")
    url = reverse("community-members", args=[world.community.pk])
    response = client_for("cpts").post(url, {"import": "1", "file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Fichier refusé" in html and "type inconnu « licorne »" in html


def test_only_the_cpts_declares_members(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("m.csv", GOOD.encode(), content_type="text/csv")
    url = reverse("community-members", args=[world.community.pk])
    assert client_for("cpam").post(url, {"import": "1", "file": upload}).status_code == 403
    assert not Member.objects.filter(name="MSP des Côtes").exists()
