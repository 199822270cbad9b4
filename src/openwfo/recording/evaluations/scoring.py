"""Scoring an evaluation the way its form says.

For a question answered with option o (N/A answers and unanswered questions do not count):
    max_q  = the highest points among the question's KPI and ADDITIVE options (a question whose
             max_q is not positive does not count either)
    frac_q = points(o) / max_q
Weights w are the form's when `manualWeighting` is true, else every question of a section and
every section weighs 1 (automatic weighting).
    section score  S_s = 100 * sum(w_q * frac_q) / sum(w_q)        over the section's counted questions
    form score         = sum(w_s * S_s) / sum(w_s)                  over sections with a counted question
so N/A answers leave the denominator rather than scoring zero.

KPI questions (those with a KPI option) must be answered with a KPI option: any other scoring
answer fails the KPI. The failed KPI option's `kpiPriority` decides how far it reaches: 0 sets the
section's score to 0, above 0 sets the whole evaluation's score to 0 (`kpiFailed` either way).

Score type 2 (points) sums the chosen options' points instead (weights not applied; the same KPI
rule zeroes a section or the total). The band is the one whose [begin, end) holds the score (the
highest band includes its end). Scores are rounded to two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..evalforms.tree import FormTree, Question

NA, KPI = "NOTAPPLICABLE", "KPI"


@dataclass
class Result:
    score: float | None
    band: int | None
    kpi_failed: bool
    sections: dict[int, float | None] = field(default_factory=dict)
    questions: dict[int, float | None] = field(default_factory=dict)


def _max_points(q: Question) -> float:
    return max((o.points for o in q.options if o.type != NA), default=0.0)


def _kpi_failure(q: Question, option) -> int | None:
    """None when the answer keeps the KPI, else the priority of the failed KPI (0 section, >0 form)."""
    kpis = [o for o in q.options if o.type == KPI]
    if not kpis or option.type in (KPI, NA):
        return None
    return max(o.kpi_priority for o in kpis)


def band_of(bands: list[dict], score: float | None) -> int | None:
    if score is None or not bands:
        return None
    top = max(bands, key=lambda b: b["end"])
    for b in bands:
        if b["begin"] <= score < b["end"] or (b is top and score == b["end"]):
            return b["band"]
    return None


def score(tree: FormTree, answers: dict[int, int]) -> Result:
    """answers: question id -> option id (the caller has checked they belong to the form)."""
    options = tree.options()
    manual = tree.form.manual_weighting
    points_type = tree.form.score_type == 2
    result = Result(None, None, False)
    form_failed = False
    total_w = total = 0.0
    any_section = False
    for s in tree.sections:
        sw = s.row.weight if manual else 1.0
        qw_sum = acc = pts = 0.0
        counted = False
        section_failed = False
        for q in s.questions:
            oid = answers.get(q.row.id)
            result.questions[q.row.id] = None
            if oid is None:
                continue
            o = options[oid]
            top = _max_points(q)
            if o.type == NA or top <= 0:
                continue
            frac = o.points / top
            result.questions[q.row.id] = round(100 * frac, 2)
            failure = _kpi_failure(q, o)
            if failure is not None:
                result.kpi_failed = True
                form_failed = form_failed or failure > 0
                section_failed = True
            qw = q.row.weight if manual else 1.0
            qw_sum += qw
            acc += qw * frac
            pts += o.points
            counted = True
        if not counted or (not points_type and qw_sum <= 0):
            result.sections[s.row.id] = None
            continue
        value = pts if points_type else 100 * acc / qw_sum
        if section_failed:
            value = 0.0
        result.sections[s.row.id] = round(value, 2)
        any_section = True
        if points_type:
            total += value
        else:
            total += sw * value
            total_w += sw
    if any_section:
        if points_type:
            result.score = total
        elif total_w > 0:
            result.score = total / total_w
        if result.score is not None:
            result.score = 0.0 if form_failed else round(result.score, 2)
    result.band = band_of(tree.bands, result.score)
    return result
