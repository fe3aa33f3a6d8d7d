"""Evidence files (type, size, private storage, parties only) and the import of measured values (docs/reviews.md)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.http import Http404
from django.test import RequestFactory
from openpyxl import Workbook

from cpts.core.models import Membership
from cpts.reviews import files, samples, services
from cpts.reviews.imports import ImportRejected, import_values
from cpts.reviews.services import ReviewError
from cpts.reviews.views import evidence_download

PDF = b"%PDF-1.7 bilan"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ", "type de fichier non accepté"),
        ("faux.pdf", b"<html>", "ne correspond pas"),
        ("vide.pdf", b"", "vide"),
        ("gros.pdf", b"%PDF-" + b"0" * files.MAX_BYTES, "trop volumineux"),
        ("binaire.csv", b"a;b\x00", "pas du texte"),
    ],
)
def test_uploads_outside_the_limits_are_refused(name: str, content: bytes, message: str) -> None:
    """"Uploaded files are checked (type and size limits)"."""
    with pytest.raises(files.FileRefused, match=message):
        files.check(name, content)


def _zip(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (samples.pdf(), "pdf"),
        (samples.xlsx(), "xlsx"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}), "ods"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "odt"),
        (_zip({"word/document.xml": b"<w/>"}), "docx"),
        (b"%PDF-", None),  # the header alone
        (b"%PDF-1.7 bilan", None),
        (samples.pdf()[:-7], None),  # cut before its end-of-file marker
        (b"PK\x03\x04 not an archive", None),
        (_zip({"readme.txt": b"hello"}), None),
        (b"1", None),
    ],
)
def test_the_type_of_a_document_is_read_from_its_content(content: bytes, found: str | None) -> None:
    """Policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS: a document releases a balance only if it really is a PDF or an
    office file (`files.sniff`), not because its name or first bytes say so."""
    assert files.sniff(content) == found


def test_expected_types_per_required_document() -> None:
    assert files.is_expected("activity_report", samples.pdf())
    assert files.is_expected("accounts", samples.xlsx())
    assert not files.is_expected("activity_report", samples.xlsx())  # a spreadsheet is no activity report
    assert not files.is_expected("accounts", b"poste;montant\n")  # a CSV is not accepted as the accounts
    assert not files.is_expected("evidence", samples.pdf())  # only the two required documents have a type


def test_files_are_stored_outside_the_web_root_under_a_random_name(access_objectives: Any, private_dir: Path) -> None:
    """Files are "stored outside the web root"; the original name stays in the database only."""
    p = access_objectives
    review = services.open_review(p.contract, 1)
    evidence = services.attach_file(p.as_cpts, review, "evidence", "../../etc/passwd.pdf", PDF)
    stored = files.path_of(evidence.stored_name)
    assert stored.read_bytes() == PDF and stored.parent == private_dir / "reviews"
    assert "passwd" not in evidence.stored_name
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ReviewError, match="type de fichier"):
        services.attach_file(p.as_cpts, review, "evidence", "x.exe", b"MZ")


def test_only_the_parties_read_a_file(access_objectives: Any) -> None:
    """"only the parties to the contract can read them" — the CNAM or another CPAM get a 404."""
    p = access_objectives
    review = services.open_review(p.contract, 1)
    evidence = services.attach_file(p.as_cpts, review, "accounts", "comptes.pdf", PDF)
    request = RequestFactory().get("/")
    for party in (p.cpts, p.cpam, p.ars):
        request.organisation = party  # type: ignore[attr-defined]
        response = evidence_download(request, evidence.pk)
        assert b"".join(response.streaming_content) == PDF  # type: ignore[arg-type]
        assert "comptes.pdf" in response["Content-Disposition"]
    for outsider in (p.other_cpam, None):
        request.organisation = outsider  # type: ignore[attr-defined]
        with pytest.raises(Http404):
            evidence_download(request, evidence.pk)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_import_writes_every_value(access_objectives: Any) -> None:
    """"A CSV/XLSX import of measured values" — French decimals and ; separator accepted."""
    p = access_objectives
    review = services.open_review(p.contract, 1)
    content = (
        "indicateur;valeur;commentaire\naccess_emergency_without_admission;75,5;ATIH 2023\naccess_sas_doctors;31;\n"
    )
    assert import_values(p.as_cpts, review, "valeurs.csv", content.encode()) == 2
    assert review.values.get(indicator__code="access_emergency_without_admission").value == Decimal("75.5")


def test_xlsx_import_is_all_or_nothing_with_line_column_reason(access_objectives: Any) -> None:
    """"the same all-or-nothing error report as the members import"."""
    p = access_objectives
    review = services.open_review(p.contract, 1)
    content = xlsx(
        [
            ["indicateur", "valeur"],
            ["access_sas_doctors", 31],
            ["inconnu", 3],
            ["access_emergency_without_admission", 120],
            ["access_sas_doctors", 32],
        ]
    )
    with pytest.raises(ImportRejected) as refused:
        import_values(p.as_cpts, review, "valeurs.xlsx", content)
    assert [(e.line, e.column) for e in refused.value.errors] == [(3, "indicateur"), (4, "valeur"), (5, "indicateur")]
    assert "hors bornes" in refused.value.errors[1].reason and "ligne 2" in refused.value.errors[2].reason
    assert not review.values.exists()


def test_import_refuses_a_file_without_the_columns(access_objectives: Any) -> None:
    """A wrong file is refused whole, with the missing column named."""
    review = services.open_review(access_objectives.contract, 1)
    with pytest.raises(ImportRejected) as refused:
        import_values(access_objectives.as_cpts, review, "v.csv", b"code,nombre\nx,1\n")
    assert [(e.line, e.column) for e in refused.value.errors] == [(1, "indicateur"), (1, "valeur")]


def test_import_refuses_text_and_empty_values(access_objectives: Any) -> None:
    """Each faulty cell is reported with its line and column."""
    review = services.open_review(access_objectives.contract, 1)
    content = b"indicateur,valeur\naccess_sas_doctors,beaucoup\naccess_emergency_without_admission,\n"
    with pytest.raises(ImportRejected) as refused:
        import_values(access_objectives.as_cpts, review, "v.csv", content)
    assert [(e.line, e.column, e.reason[:6]) for e in refused.value.errors] == [
        (2, "valeur", "nombre"),
        (3, "valeur", "valeur"),
    ]


def test_review_page_shows_rates_documents_and_spending(access_objectives: Any, client: Any, settings: Any) -> None:
    """A page "to see the computed attainment with its explanation"; a CPAM of elsewhere gets 404.
    With the policy BALANCE_WITHHELD_WITHOUT_DOCUMENTS switched on, it says why the balance is withheld."""
    from django.urls import reverse

    settings.CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS = True
    p = access_objectives
    review = services.open_review(p.contract, 1)
    services.set_values(p.as_cpts, review, {"access_emergency_without_admission": Decimal(75)})
    services.attach_file(p.as_cpts, review, "activity_report", "rapport.pdf", PDF)
    client.force_login(p.coordinator)
    response = client.get(reverse("reviews:detail", args=[p.contract.pk, 1]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Accès aux soins : 37,5 %" in text and "MISSING_VALUE_SCORES_ZERO" in text
    assert "revue annuelle non validée avec rapport d&#x27;activité, comptes de l&#x27;année" in text
    assert "politique de gestion hors accord" in text and "rapport.pdf" in text
    assert "Fonctionnement" in text
    outsider = User.objects.create_user("agent-rhone", password="x")
    Membership.objects.create(user=outsider, organisation=p.other_cpam)
    client.force_login(outsider)
    assert client.get(reverse("reviews:detail", args=[p.contract.pk, 1])).status_code == 404
