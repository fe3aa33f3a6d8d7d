"""Fast construction of frozen slotted dataclasses, for those built by the thousand (schedule lines).

A frozen dataclass's generated `__init__` sets each field through
`object.__setattr__`, since its own `__setattr__` refuses: on CPython 3.11 that
costs about a microsecond for a schedule line, more than computing its amount.
`builder(cls)` makes a mutable twin with the same fields and slots, whose plain
`__init__` is several times faster, and gives each object it builds the frozen
class. CPython allows assigning `__class__` between classes with the same slot
layout (and raises TypeError otherwise), so the result is an ordinary instance
of the frozen class: its equality, hashing, repr and immutability are the
frozen class's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def builder(frozen: type[T]) -> Callable[..., T]:
    """A function taking the same arguments as `frozen(...)` and returning the same object, faster."""
    params = getattr(frozen, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in vars(frozen):
        raise TypeError(f"{frozen.__name__} n'est pas une dataclass figée à slots")
    twin = dataclasses.make_dataclass(
        f"_Mutable{frozen.__name__}",
        [_twin_field(field) for field in dataclasses.fields(frozen)],  # type: ignore[arg-type]
        slots=True,
        eq=False,
        repr=False,
    )
    if vars(twin)["__slots__"] != vars(frozen)["__slots__"]:
        raise TypeError(f"{frozen.__name__} : disposition des slots inattendue")

    def build(*values: Any) -> T:
        built = twin(*values)
        built.__class__ = frozen
        return built  # type: ignore[no-any-return]

    return build


def _twin_field(field: dataclasses.Field[Any]) -> tuple[str, Any, dataclasses.Field[Any]] | tuple[str, Any]:
    if field.default_factory is not dataclasses.MISSING:
        raise TypeError(f"champ {field.name} : default_factory non pris en charge")
    if field.default is dataclasses.MISSING:
        return (field.name, Any)
    return (field.name, Any, dataclasses.field(default=field.default, init=field.init))
