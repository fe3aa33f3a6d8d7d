"""Departments and regions, from the geo data shipped in `cpts.geo` (INSEE COG).

An ARS acts on the CPTS of its region, a CPAM on those of its department
(docs/permissions.md); a CPTS is stored with its department and its region
is derived from it here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cpts.geo import UnknownCode, load


def region_of(department: str) -> str:
    """The region code of a department code; UnknownCode (French message) for an unknown one."""
    return load().region_of(department)


def validate_department(value: str) -> None:
    try:
        load().department_name(value)
    except UnknownCode:
        raise ValidationError(f"Département inconnu : « {value} ».", code="department") from None


def validate_region(value: str) -> None:
    try:
        load().region_name(value)
    except UnknownCode:
        raise ValidationError(f"Région inconnue : « {value} ».", code="region") from None
