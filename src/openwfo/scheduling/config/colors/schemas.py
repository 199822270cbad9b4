"""Wire shape of a catalogue colour."""

from __future__ import annotations

from ....kit.schemas import WireModel


class ColorRead(WireModel):
    id: int
    color_code: str
    name: str
