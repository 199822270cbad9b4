"""Import preference shapes, as the reference's examples."""

from __future__ import annotations

from pydantic import AliasChoices
from pydantic import Field as PydField

from ...kit.schemas import WireModel


class PreferenceMapping(WireModel):
    field: str = PydField(min_length=1, max_length=100)
    column: str = PydField(min_length=1, max_length=200)
    data_type: str | None = PydField(None, max_length=40)


class ImportPreferenceCreate(WireModel):
    name: str = PydField(min_length=1, max_length=200)
    type: str = PydField(min_length=1, max_length=20, description="persons (or users), groups, teams")
    mappings: list[PreferenceMapping] = PydField(default_factory=list, max_length=200,
                                                 validation_alias=AliasChoices("mappings", "mapping"))


class ImportPreferenceUpdate(WireModel):
    """Changes to an import preference: fields left out keep their value."""

    name: str | None = PydField(None, min_length=1, max_length=200)
    type: str | None = PydField(None, min_length=1, max_length=20, description="persons (or users), groups, teams")
    mappings: list[PreferenceMapping] | None = PydField(None, max_length=200,
                                                        validation_alias=AliasChoices("mappings", "mapping"))


class PreferenceMappingRead(WireModel):
    field: str
    column: str
    data_type: str


class ImportPreferenceRead(WireModel):
    id: int
    name: str
    type: str
    mappings: list[PreferenceMappingRead]

    @classmethod
    def of(cls, pref) -> ImportPreferenceRead:
        return cls(id=pref.id, name=pref.name, type=pref.type,
                   mappings=[PreferenceMappingRead.model_validate(m) for m in pref.mappings or ()])


class ImportPreferenceList(WireModel):
    # [{"persons": [...]}, {"groups": [...]}, {"teams": [...]}]
    preferences: list[dict[str, list[ImportPreferenceRead]]]
