"""The domain language model: a valid ARPA trigram model (pocketsphinx reads it, it sums to one),
phrases weigh in, unknown words are left out, one model per set of phrases."""

from __future__ import annotations

import math

import pocketsphinx
import pytest

from openwfo.analytics.speech import lm


def test_arpa_reads_and_sums_to_one(tmp_path):
    sents = [["cancel", "my", "account"], ["close", "my", "account", "please"], ["my", "account", "number"],
             ["speak", "to", "a", "supervisor"], ["xqzt", "my", "order"]]
    generic = {"the": 0.5, "order": 0.3, "please": 0.2}
    text, dropped = lm.build_arpa(sents, generic, known=lambda w: w != "xqzt")
    assert dropped == {"xqzt"} and "xqzt" not in text
    path = tmp_path / "m.arpa"
    path.write_text(text)
    model = pocketsphinx.NGramModel.readfile(str(path))
    vocab = sorted({w for s in sents for w in s if w != "xqzt"} | set(generic) | {"</s>"})

    def p(*words):  # P(words[-1] | words[:-1]); pocketsphinx takes the word first, then its history backwards
        return 10 ** (model.prob(list(reversed(words))) * lm.LOG10_BASE)

    for history in [("my",), ("cancel", "my"), ("the",), ("<s>",), ("my", "account")]:
        assert sum(p(*history, w) for w in vocab) == pytest.approx(1.0, abs=0.02), history
    assert p("cancel", "my", "account") > 0.5 > p("cancel", "my", "order")
    assert math.isclose(sum(p(w) for w in vocab), 1.0, abs_tol=0.02)


def test_model_per_phrase_set(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENWFO_SPEECH_LM_DIR", str(tmp_path))
    monkeypatch.setattr(lm, "CORE_WORDS", 0)  # the domain part alone: fast
    a = lm.domain_model([("cancel my account", "close my account")])
    assert a.path.exists() and a.path.parent == tmp_path and a.missing == ()
    assert lm.domain_model([("cancel my account", "close my account")]) == a  # cached
    b = lm.domain_model([("talk to your manager", None), ("blorptastic offer", None)])
    assert b.key != a.key and b.missing == ("blorptastic",)
    text = b.path.read_text()
    assert "\ttalk to your\t" in text or "\tto your manager" in text
