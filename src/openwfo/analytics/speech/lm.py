"""The tenant's domain language model for transcription: a trigram model in ARPA form, built in
Python from
- a generic contact-centre corpus shipped in the package (`data/speech_contact_centre.txt`),
- the tenant's phrases and their soundsLike alternatives (each counted `PHRASE_WEIGHT` times),
- an open vocabulary: the `GENERIC_WORDS` most probable words of the pocketsphinx en-US model, whose
  unigram probabilities are interpolated with the domain's (weight `GENERIC_WEIGHT`), so words the
  domain text never used can still be recognised.

Estimation: interpolated absolute discounting (D = 0.7) for bigrams and trigrams over the
interpolated unigrams, written as a backoff model (the probabilities of the seen n-grams plus the
backoff weight of each context). Words missing from the decoder's dictionary are left out (the
n-grams holding them too) and reported. A model is identified by the hash of what it was built from
and cached as a file; it is rebuilt (milliseconds) when the phrases change — by the re-spotting job
that a phrase change queues, or by the next analysis that finds it missing.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..textmatch import alternatives, words

CORPUS = Path(__file__).resolve().parent.parent.parent / "data" / "speech_contact_centre.txt"
VERSION = "1"  # of the estimation; part of every model's key
PHRASE_WEIGHT = 3
GENERIC_WORDS = 10_000
GENERIC_WEIGHT = 0.3
DISCOUNT = 0.7
CORE_WORDS = 2000  # the generic model's bigrams among its most probable words are mixed in
# Of the domain text's bigrams and trigrams against the generic model's. Chosen on the development
# calls (bench/speech_dev.py, whose wording is neither the corpus's nor the evaluation calls'):
# 8 kHz WER 27.2 % at 0.5, 25.9 % at 0.3, 25.3-26.5 % at 0.2, 29.6 % at 0.1, 30.9 % at 0.7.
DOMAIN_WEIGHT = 0.3
LOG10_BASE = math.log10(1.0001)  # pocketsphinx's log base


@dataclass(frozen=True)
class DomainModel:
    key: str  # hash of the inputs: the search name in the decoder
    path: Path  # the ARPA file
    missing: tuple[str, ...] = ()  # phrase words not in the dictionary (not recognisable)


def corpus_sentences() -> list[list[str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [ws for line in lines if line.strip() and not line.startswith("#") and (ws := words(line))]


def phrase_sentences(phrases: list[tuple[str, str | None]]) -> list[list[str]]:
    """(phrase, soundsLike) -> word lists: every form of every phrase."""
    out = []
    for phrase, sounds_like in phrases:
        for text in [phrase, *alternatives(sounds_like)]:
            ws = words(text)
            if ws:
                out.append(ws)
    return out


_GENERIC: dict[str, float] | None = None
_GENERIC_LOCK = threading.Lock()


def generic_unigrams(n: int = GENERIC_WORDS) -> dict[str, float]:
    """The n most probable words of the bundled en-US model (those in its dictionary), with their
    probabilities renormalised over them. Read once per process (about a second)."""
    global _GENERIC
    with _GENERIC_LOCK:
        if _GENERIC is None:
            lm = _generic_lm()
            vocab = _dictionary_words()
            scored = sorted(((lm.prob([w]), w) for w in vocab if "'" not in w), reverse=True)[:n]
            probs = {w: 10 ** (score * LOG10_BASE) for score, w in scored}
            total = sum(probs.values())
            _GENERIC = {w: p / total for w, p in probs.items()}
        return _GENERIC


_DICT: frozenset[str] | None = None


def _dictionary_words() -> frozenset[str]:
    global _DICT
    if _DICT is None:
        import pocketsphinx  # noqa: PLC0415

        path = Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"
        with open(path, encoding="utf-8") as f:
            _DICT = frozenset(w for line in f if (w := line.split(" ", 1)[0]) and "(" not in w)
    return _DICT


_LM = None
_LM_LOCK = threading.Lock()


def _generic_lm():
    """The bundled en-US n-gram model, for its probabilities (`prob([w, v, u])` is P(w | u v))."""
    global _LM
    with _LM_LOCK:
        if _LM is None:
            import pocketsphinx  # noqa: PLC0415

            _LM = pocketsphinx.NGramModel.readfile(str(Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin"))
        return _LM


def _p(logprob: int) -> float:
    return 10 ** (logprob * LOG10_BASE)


def generic_core_bigrams(n: int | None = None) -> dict[str, dict[str, float]]:
    """The generic model's own bigrams among its `CORE_WORDS` most probable words: {v: {w: P(w|v)}}.
    Found by asking the model (a bigram it holds differs from its backoff estimate); about 20 s of
    CPU, so kept in the cache directory, once per machine."""
    import pickle  # noqa: PLC0415 - our own cache file

    n = n or CORE_WORDS
    import pocketsphinx  # noqa: PLC0415

    src = Path(pocketsphinx.get_model_path()) / "en-us" / "en-us.lm.bin"
    path = cache_dir() / f"generic-core-{n}-{src.stat().st_size}.pickle"
    if path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    lm = _generic_lm()
    core = [w for w in generic_unigrams() if w.isalpha()][:n]
    uni = {w: lm.prob([w]) for w in core}
    probe = "aardvark"
    out: dict[str, dict[str, float]] = {}
    for v in ["<s>", *core]:
        bow = lm.prob([probe, v]) - lm.prob([probe])
        follow = {}
        for w in core:
            lp = lm.prob([w, v])
            if abs(lp - (bow + uni[w])) > 2:  # the model holds this bigram
                follow[w] = _p(lp)
        end = lm.prob(["</s>", v])
        follow["</s>"] = _p(end)
        out[v] = follow
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return out


def build_arpa(sentences: list[list[str]], generic: dict[str, float], known=None, *,
               generic_weight: float | None = None, discount: float | None = None,
               core: dict[str, dict[str, float]] | None = None, domain_weight: float | None = None,
               ) -> tuple[str, set[str]]:
    """The ARPA text of the model, and the words left out (not `known`). With `core` (the generic
    model's bigrams, `generic_core_bigrams`), bigrams and trigrams are mixed with the generic model's
    (weight 1 - `domain_weight`): the domain text's n-grams and the generic core bigrams are written."""
    known = known or _dictionary_words().__contains__
    generic_weight = GENERIC_WEIGHT if generic_weight is None else generic_weight
    discount = DISCOUNT if discount is None else discount
    mu = DOMAIN_WEIGHT if domain_weight is None else domain_weight
    dropped: set[str] = set()
    uni: Counter = Counter()
    grams: list[Counter] = [Counter(), Counter()]  # bigrams, trigrams
    for ws in sentences:
        bad = {w for w in ws if not known(w)}
        dropped |= bad
        # A sentence with an unknown word is cut at it (no n-gram spans the gap).
        pieces, cur = [], []
        for w in ws:
            if w in bad:
                pieces.append(cur)
                cur = []
            else:
                cur.append(w)
        pieces.append(cur)
        for k, piece in enumerate(pieces):
            if not piece:
                continue
            toks = (["<s>"] if k == 0 else []) + piece + (["</s>"] if k == len(pieces) - 1 else [])
            for i, w in enumerate(toks):
                if w != "<s>":
                    uni[w] += 1
                if i >= 1:
                    grams[0][(toks[i - 1], w)] += 1
                if i >= 2:
                    grams[1][(toks[i - 2], toks[i - 1], w)] += 1
    total = sum(uni.values()) or 1
    vocab = set(uni) | set(generic)
    p1 = {w: (1 - generic_weight) * uni.get(w, 0) / total + generic_weight * generic.get(w, 0.0) for w in vocab}
    norm = sum(p1.values())
    p1 = {w: p / norm for w, p in p1.items()}

    def level(counts: Counter, lower) -> tuple[dict, dict]:
        """Seen n-gram probabilities (interpolated absolute discounting) and their contexts' backoff weights."""
        by_ctx: dict[tuple, dict[str, int]] = defaultdict(dict)
        for gram, c in counts.items():
            by_ctx[gram[:-1]][gram[-1]] = c
        probs, bows = {}, {}
        for ctx, follow in by_ctx.items():
            c_ctx = sum(follow.values())
            gamma = discount * len(follow) / c_ctx
            seen_p = seen_lower = 0.0
            for w, c in follow.items():
                lp = lower(ctx[1:], w)
                p = max(c - discount, 0) / c_ctx + gamma * lp
                probs[(*ctx, w)] = p
                seen_p += p
                seen_lower += lp
            bows[ctx] = max(1e-12, 1 - seen_p) / max(1e-12, 1 - seen_lower)
        return probs, bows

    def p_uni(_ctx, w):
        return p1.get(w, 1e-9)

    d2, dbow1 = level(grams[0], p_uni)

    def pd2(v, w):
        return d2[(v, w)] if (v, w) in d2 else dbow1.get((v,), 1.0) * p1.get(w, 1e-9)

    if core is None:
        p2, bow1 = d2, dbow1
    else:  # mixed with the generic model's bigrams
        lm = _generic_lm()
        p2 = {}
        for v, follow in core.items():
            if v in vocab or v == "<s>":
                for w, pg in follow.items():
                    if w in vocab:
                        p2[(v, w)] = mu * pd2(v, w) + (1 - mu) * pg
        for v, w in d2:
            if (v, w) not in p2:
                p2[(v, w)] = mu * d2[(v, w)] + (1 - mu) * _p(lm.prob([w, v]))
        sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for (v, w), p in p2.items():
            acc = sums[v]
            acc[0] += p
            acc[1] += p1.get(w, 0.0)
        bow1 = {(v,): max(1e-6, 1 - a) / max(1e-6, 1 - b) for v, (a, b) in sums.items()}

    def p_bi(ctx, w):
        (v,) = ctx
        if (v, w) in p2:
            return p2[(v, w)]
        return bow1.get((v,), 1.0) * p1.get(w, 1e-9)

    p3, bow2 = level(grams[1], p_bi)
    if core is not None:  # trigrams of the domain text, mixed with the generic model's estimate
        lm = _generic_lm()
        p3 = {(u, v, w): mu * p + (1 - mu) * _p(lm.prob([w, v, u])) for (u, v, w), p in p3.items()}
        sums3: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for (u, v, w), p in p3.items():
            acc = sums3[(u, v)]
            acc[0] += p
            acc[1] += p_bi((v,), w)
        bow2 = {ctx: max(1e-6, 1 - a) / max(1e-6, 1 - b) for ctx, (a, b) in sums3.items()}
    lg = lambda p: math.log10(max(p, 1e-99))  # noqa: E731
    lines = ["\\data\\", f"ngram 1={len(vocab) + 1}", f"ngram 2={len(p2)}", f"ngram 3={len(p3)}", "", "\\1-grams:"]
    lines.append(f"-99.0000\t<s>\t{lg(bow1.get(('<s>',), 1.0)):.4f}")
    for w in sorted(vocab):
        lines.append(f"{lg(p1[w]):.4f}\t{w}\t{lg(bow1[(w,)]):.4f}" if (w,) in bow1 else f"{lg(p1[w]):.4f}\t{w}")
    lines += ["", "\\2-grams:"]
    for (v, w), p in sorted(p2.items()):
        b = bow2.get((v, w))
        lines.append(f"{lg(p):.4f}\t{v} {w}" + (f"\t{lg(b):.4f}" if b is not None else ""))
    lines += ["", "\\3-grams:"]
    for (u, v, w), p in sorted(p3.items()):
        lines.append(f"{lg(p):.4f}\t{u} {v} {w}")
    lines += ["", "\\end\\", ""]
    return "\n".join(lines), dropped


def model_key(phrases: list[tuple[str, str | None]]) -> str:
    h = hashlib.sha256()
    h.update(f"v{VERSION}|{GENERIC_WORDS}|{GENERIC_WEIGHT}|{PHRASE_WEIGHT}|{DISCOUNT}|{CORE_WORDS}|{DOMAIN_WEIGHT}\n".encode())
    h.update(hashlib.sha256(CORPUS.read_bytes()).digest())
    for ws in sorted(" ".join(ws) for ws in phrase_sentences(phrases)):
        h.update(ws.encode() + b"\n")
    return h.hexdigest()[:24]


def cache_dir() -> Path:
    d = Path(os.environ.get("OPENWFO_SPEECH_LM_DIR") or Path(tempfile.gettempdir()) / "openwfo-speech-lm")
    d.mkdir(parents=True, exist_ok=True)
    return d


_BUILD_LOCK = threading.Lock()


def domain_model(phrases: list[tuple[str, str | None]]) -> DomainModel:
    """The model for these phrases: the cached file, or built now (and cached)."""
    key = model_key(phrases)
    path = cache_dir() / f"domain-{key}.arpa"
    forms = phrase_sentences(phrases)
    missing = tuple(sorted({w for ws in forms for w in ws if w not in _dictionary_words()}))
    with _BUILD_LOCK:
        if not path.exists():
            text, _dropped = build_arpa(corpus_sentences() + forms * PHRASE_WEIGHT, generic_unigrams(),
                                        core=generic_core_bigrams() if CORE_WORDS else None)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)  # atomic: another process never reads half a model
    return DomainModel(key, path, missing)
