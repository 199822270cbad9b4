"""The README's configuration table names every setting."""

from __future__ import annotations

from pathlib import Path

from openwfo.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented():
    text = README.read_text()
    missing = [f"OPENWFO_{n.upper()}" for n in Settings.model_fields if f"`OPENWFO_{n.upper()}`" not in text]
    assert missing == []


def test_readme_shows_the_two_commands():
    text = README.read_text()
    assert "make demo" in text and "make test" in text
