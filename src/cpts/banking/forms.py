"""The forms of the bank details page, on the house DSFR form (cpts.web.forms.Form)."""

from __future__ import annotations

from django import forms

from cpts.banking.iban import validate_bic, validate_iban
from cpts.core.forms import Form


class BankDetailsForm(Form):
    holder = forms.CharField(label="Titulaire du compte", max_length=200)
    iban = forms.CharField(label="IBAN", max_length=42, validators=[validate_iban], help_text="p. ex. FR76 3000 …")
    bic = forms.CharField(label="BIC", max_length=14, validators=[validate_bic])


class VerificationForm(Form):
    against = forms.CharField(
        label="Pièce justificative", max_length=200, help_text="p. ex. RIB original daté du …, attestation bancaire"
    )
