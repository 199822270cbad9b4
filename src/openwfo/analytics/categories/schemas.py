"""Wire shapes of the Categories and Phrases API (the reference's GET/POST/PUT example)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from ...kit.wire import Body, Id, Int32


class CategoryOut(BaseModel):
    id: int
    category: str
    description: str | None = None
    languageId: str  # noqa: N815 - the reference's names


class PhraseOut(BaseModel):
    phrase: str
    phonetic: str | None = None
    soundsLike: str | None = None  # noqa: N815
    confidence: int | None = None
    id: int
    categoryId: int  # noqa: N815
    state: int | None = None


class PhraseListOut(BaseModel):
    categories: list[CategoryOut]
    phrases: list[PhraseOut]
    confidence: int = Field(description="the tenant's default confidence threshold (0-100)")


class DeletedOut(BaseModel):
    deleted: int


def _text_list(value: Any) -> Any:
    """soundsLike may come as text (alternatives separated by `|`) or as a list of texts."""
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise ValueError("must be text or a list of texts")
        return "|".join(v.strip() for v in value if v.strip()) or None
    return value


class PhraseIn(Body):
    id: Id | None = None
    phrase: str | None = Field(None, min_length=1, max_length=500)
    phonetic: str | None = Field(None, max_length=500)
    sounds_like: str | None = Field(None, max_length=2000)
    confidence: int | None = Field(None, ge=0, le=100)
    category_id: Id | None = None
    category: str | None = Field(None, max_length=200, description="the category's name, instead of categoryId")
    state: Int32 | None = None

    @model_validator(mode="before")
    @classmethod
    def _lowercase_sounds_like(cls, data: Any) -> Any:
        # The reference's example spells it "soundslike".
        if isinstance(data, dict) and "soundslike" in data and "soundsLike" not in data:
            data = {**data, "soundsLike": data["soundslike"]}
        return data

    @field_validator("sounds_like", mode="before")
    @classmethod
    def _sounds_like(cls, value: Any) -> Any:
        return _text_list(value)

    @field_validator("phrase", "phonetic", "sounds_like", "category")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) else value


class CategoryIn(Body):
    id: Id | None = None
    category: str | None = Field(None, max_length=200)
    name: str | None = Field(None, max_length=200, description="accepted for category")
    description: str | None = Field(None, max_length=2000)
    language_id: str | None = Field(None, min_length=2, max_length=20, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    phrases: list[PhraseIn] | None = None

    @field_validator("category", "name", "description")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) else value


class PhraseListIn(Body):
    """POST/PUT body: the GET shape (categories and/or phrases, optional default confidence)."""

    categories: list[CategoryIn] | None = None
    phrases: list[PhraseIn] | None = None
    confidence: int | None = Field(None, ge=0, le=100)
