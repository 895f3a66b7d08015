"""``typing.NamedTuple`` for the records the read-only commands make, without importing typing.

``class Row(NamedTuple): name: str; size: int = 0`` makes the same class as typing's does (a
``collections.namedtuple`` with the fields, defaults, docstring and methods of the class body),
but importing typing costs `inspect-tui findings` about as much as its query (see
``inspect_tui.quick``). Type checkers read it as typing's own; a test checks the classes agree.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    _KEPT_BY_NAMEDTUPLE = frozenset({"__module__", "__qualname__", "__annotations__", "__dict__", "__weakref__"})

    class _NamedTupleMaker(type):
        """Makes a ``collections.namedtuple`` of each class that names NamedTuple as its base."""

        def __new__(mcs, name, bases, namespace):
            if not bases:
                return super().__new__(mcs, name, bases, namespace)
            fields = list(namespace.get("__annotations__", {}))
            defaults = [namespace[field] for field in fields if field in namespace]
            if defaults and fields[-len(defaults) :] != [f for f in fields if f in namespace]:
                raise TypeError(f"{name}: a field without a default follows one with a default")
            made = collections.namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            made.__annotations__ = dict(namespace.get("__annotations__", {}))
            made.__qualname__ = namespace.get("__qualname__", name)
            for key, value in namespace.items():
                if key not in fields and key not in _KEPT_BY_NAMEDTUPLE:
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_NamedTupleMaker):
        """Base of a named tuple class (see the module docstring)."""
