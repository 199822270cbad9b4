"""Phrase matching in text: case- and punctuation-insensitive, by words.

A text is read as its words (letters and digits; an apostrophe inside a word is dropped, so
"don't" matches "dont"), case-folded. A phrase (or one of its soundsLike alternatives) matches
where its words follow one another in the text, whatever punctuation or spacing lies between
them. A hit is the character position of its first word in the original text and the length up
to the end of its last word.

`normalized(text)` (" w1 w2 ... ") is stored beside every text body: a phrase can only match a
text whose normalized form contains " p1 p2 " — the store's LIKE does that prefilter over many
texts before the positions are computed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ALT_SPLIT = re.compile(r"[|;,\n]")


def _fold(word: str) -> str:
    return word.replace("'", "").replace("’", "").casefold()


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of every word of `text`."""
    return [(_fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> tuple[str, ...]:
    return tuple(_fold(m.group()) for m in _WORD.finditer(text))


def normalized(text: str) -> str:
    return " " + " ".join(words(text)) + " "


def alternatives(sounds_like: str | None) -> list[str]:
    """The soundsLike alternatives of a phrase: separated by `|`, `;`, `,` or new lines."""
    if not sounds_like:
        return []
    return [a.strip() for a in _ALT_SPLIT.split(sounds_like) if a.strip()]


@dataclass(frozen=True)
class PhraseForms:
    phrase_id: int
    category_id: int
    forms: tuple[tuple[str, ...], ...]  # the phrase's words, then each alternative's

    def like_patterns(self) -> list[str]:
        return ["% " + " ".join(f) + " %" for f in self.forms]


def phrase_forms(phrase_id: int, category_id: int, phrase: str, sounds_like: str | None) -> PhraseForms:
    forms: list[tuple[str, ...]] = []
    for text in [phrase, *alternatives(sounds_like)]:
        w = words(text)
        if w and w not in forms:
            forms.append(w)
    return PhraseForms(phrase_id, category_id, tuple(forms))


class Matcher:
    """Finds many phrases in many texts: each text is tokenized once, each phrase form is looked
    up by its first word."""

    def __init__(self, phrases: Iterable[PhraseForms]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], PhraseForms]]] = {}
        for p in phrases:
            for form in p.forms:
                self.by_first.setdefault(form[0], []).append((form, p))

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def find(self, text: str) -> list[tuple[PhraseForms, int, int]]:
        """(phrase, position, length) of every hit, in text order; a phrase found at one position
        by several of its forms counts once (the longest)."""
        toks = tokens(text)
        found: dict[tuple[int, int], tuple[PhraseForms, int, int]] = {}
        n = len(toks)
        for i, (word, start, _end) in enumerate(toks):
            candidates = self.by_first.get(word)
            if not candidates:
                continue
            for form, p in candidates:
                k = len(form)
                if i + k > n:
                    continue
                if all(toks[i + j][0] == form[j] for j in range(1, k)):
                    length = toks[i + k - 1][2] - start
                    key = (p.phrase_id, start)
                    if key not in found or found[key][2] < length:
                        found[key] = (p, start, length)
        return sorted(found.values(), key=lambda h: (h[1], h[0].phrase_id))
