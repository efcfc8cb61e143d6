"""The installed package declares its types (PEP 561), so code that imports it is type-checked."""

from __future__ import annotations

from importlib.resources import files


def test_the_package_ships_its_py_typed_marker() -> None:
    marker = files("imago_coach") / "py.typed"
    assert marker.is_file()
    assert marker.read_text(encoding="utf-8") == ""
