"""Bank details of a CPTS (docs/bank-details.md): IBAN checksum (ISO 13616), entered by the CPTS, verified by its
CPAM against a document, every change a new audited version, shown in full only to the CPTS and its CPAM."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cpts.banking import services
from cpts.banking.iban import iban_checksum_ok, masked, validate_bic, validate_iban
from cpts.banking.models import BankDetails
from cpts.core.errors import NotAllowed, TransitionRefused
from cpts.core.models import AuditEvent

IBAN = "FR7630006000011234567890189"  # the usual French example, valid key
OTHER_IBAN = "FR1420041010050500013M02606"


def test_known_ibans_pass_and_a_changed_digit_fails():
    validate_iban("FR76 3000 6000 0112 3456 7890 189")
    validate_iban(OTHER_IBAN)
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_iban("FR7630006000011234567890188")
    with pytest.raises(ValidationError, match="27 caractères"):
        validate_iban("FR76300060000112345678901")
    validate_bic("AGRIFRPP")
    validate_bic("AGRIFRPP882")
    with pytest.raises(ValidationError, match="BIC invalide"):
        validate_bic("AGRI FR")


@given(st.text(alphabet="0123456789", min_size=23, max_size=23), st.integers(0, 22), st.integers(1, 9))
def test_checksum_catches_any_single_digit_change(bban, position, shift):
    """ISO 13616 mod 97: the check digits computed for a BBAN validate it; changing one digit never does."""
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "FR00")) % 97
    iban = f"FR{check:02d}{bban}"
    assert iban_checksum_ok(iban)
    changed = list(bban)
    changed[position] = str((int(changed[position]) + shift) % 10)
    assert not iban_checksum_ok(f"FR{check:02d}{''.join(changed)}")


def test_masked_keeps_country_key_and_last_three():
    assert masked(IBAN) == "FR76 •••• •••• •••• •••• •••• 189"


@pytest.mark.django_db
def test_cpts_enters_cpam_verifies_every_change_reverified(world):
    community = world.community
    typed = "fr76 3000 6000 0112 3456 7890 189"
    first = services.enter_details(world.actor("cpts"), community, typed, "agrifrpp", "CPTS")
    assert first.iban == IBAN and not first.verified
    with pytest.raises(NotAllowed):
        services.verify_details(world.actor("ars"), first, "RIB")
    with pytest.raises(NotAllowed):
        services.verify_details(world.actor("other_cpam"), first, "RIB")
    with pytest.raises(TransitionRefused, match="pièce"):
        services.verify_details(world.actor("cpam"), first, " ")
    services.verify_details(world.actor("cpam"), first, "RIB original du 02/01/2025")
    first.refresh_from_db()
    assert first.verified_by_name and first.verified_against == "RIB original du 02/01/2025"
    second = services.enter_details(world.actor("cpts"), community, OTHER_IBAN, "PSSTFRPPPAR", "CPTS")
    assert services.current(community) == second and not second.verified  # a change is verified again
    services.enter_details(world.actor("cpts"), community, IBAN, "AGRIFRPP", "CPTS")
    with pytest.raises(TransitionRefused, match="dernière version"):  # an older, unverified version
        services.verify_details(world.actor("cpam"), BankDetails.objects.get(pk=second.pk), "RIB")
    actions = list(AuditEvent.objects.filter(object_type="banking.bankdetails").values_list("action", flat=True))
    assert sorted(actions) == sorted(["saisir les coordonnées bancaires"] * 3 + ["vérifier les coordonnées bancaires"])


@pytest.mark.django_db
def test_the_audit_trail_keeps_the_iban_masked(world):
    """The journal is read beyond the CPTS and its CPAM: entry and verification record the masked IBAN only;
    the full one stays in the version's own row (docs/bank-details.md)."""
    details = services.enter_details(world.actor("cpts"), world.community, IBAN, "AGRIFRPP", "CPTS")
    services.verify_details(world.actor("cpam"), details, "RIB original du 02/01/2025")
    events = list(AuditEvent.objects.filter(object_type="banking.bankdetails").order_by("id"))
    entered, verified = events
    assert entered.before is None and entered.after["iban"] == masked(IBAN)
    assert verified.before["iban"] == verified.after["iban"] == masked(IBAN)
    assert verified.after["verified_against"] == "RIB original du 02/01/2025"  # the rest is kept as stored
    for event in events:
        assert "3000600001123456789" not in json.dumps([event.before, event.after])
    assert BankDetails.objects.get().iban == IBAN


@pytest.mark.django_db
def test_only_the_cpts_enters_and_a_bad_iban_writes_nothing(world):
    with pytest.raises(NotAllowed):
        services.enter_details(world.actor("cpam"), world.community, IBAN, "AGRIFRPP", "CPTS")
    with pytest.raises(ValidationError):
        services.enter_details(world.actor("cpts"), world.community, "FR7630006000011234567890188", "AGRIFRPP", "x")
    assert not BankDetails.objects.exists()


@pytest.mark.django_db
def test_page_shows_the_full_iban_to_the_cpts_and_its_cpam_only(world, client_for):
    services.enter_details(world.actor("cpts"), world.community, IBAN, "AGRIFRPP", "CPTS du Barrois")
    url = f"/cpts/{world.community.pk}/banque/"
    for role in ("cpts", "cpam"):
        assert "FR76 3000 6000 0112 3456 7890 189" in client_for(role).get(url).content.decode()
    for role in ("ars", "cnam"):
        html = client_for(role).get(url).content.decode()
        assert "FR76 •••• •••• •••• •••• •••• 189" in html and "3000 6000" not in html


@pytest.mark.django_db
def test_page_form_refuses_a_bad_iban_in_french_and_writes_nothing(world, client_for):
    url = f"/cpts/{world.community.pk}/banque/"
    bad = {"enter": "1", "holder": "CPTS", "iban": "FR7630006000011234567890188", "bic": "AGRIFRPP"}
    response = client_for("cpts").post(url, bad)
    assert response.status_code == 200 and "la clé de contrôle ne correspond pas" in response.content.decode()
    assert not BankDetails.objects.exists()
    response = client_for("cpts").post(url, {"enter": "1", "holder": "CPTS", "iban": IBAN, "bic": "AGRIFRPP"})
    assert response.status_code == 302 and BankDetails.objects.count() == 1
    assert client_for("ars").post(url, {"verify": "1", "against": "RIB"}).status_code == 403
    assert client_for("cpam").post(url, {"verify": "1", "against": "RIB du 02/01/2025"}).status_code == 302
    assert BankDetails.objects.get().verified
