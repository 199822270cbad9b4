"""Sentiment (extension): VADER's offline lexicon model (`vadersentiment`, the lexicon ships in the
package). A score is VADER's compound value, -1 (negative) to 1 (positive)."""

from __future__ import annotations

import threading

_LOCK = threading.Lock()
_ANALYZER = None


def _analyzer():
    global _ANALYZER
    if _ANALYZER is None:
        with _LOCK:
            if _ANALYZER is None:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

                _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER


def score(text: str) -> float:
    if not text or not text.strip():
        return 0.0
    return round(float(_analyzer().polarity_scores(text[:100_000])["compound"]), 3)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def summary(utterances: list[tuple[int, int, float]]) -> dict:
    """(channel, start, score) of each utterance -> the contact's overall score, per channel, and the
    trend: the mean of the first third of the call's utterances against the last third's."""
    ordered = sorted(utterances, key=lambda u: u[1])
    third = max(1, len(ordered) // 3)
    return {
        "overall": _mean([s for _c, _t, s in ordered]),
        "byChannel": {str(ch): _mean([s for c, _t, s in ordered if c == ch]) for ch in sorted({c for c, _t, _s in ordered})},
        "trend": {"start": _mean([s for _c, _t, s in ordered[:third]]),
                  "end": _mean([s for _c, _t, s in ordered[-third:]])} if ordered else None,
    }
