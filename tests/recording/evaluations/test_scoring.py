"""Scores on hand-computed forms: weights (automatic and manual), N/A out of the denominator, KPI
failures of a section and of the whole form, points scoring, bands."""

from __future__ import annotations

import pytest

from .conftest import contact_url


def _score(evaluator, make_contact, picker, **labels) -> dict:
    r = evaluator.post(contact_url(make_contact()) + "/eval",
                       json={"formId": picker.form["id"], "answers": picker.answers(**labels)})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize(("labels", "score", "band", "kpi"), [
    # Greeting = 100*(1 + 3/5)/2 = 80, Compliance = 100, form = (80 + 100)/2 = 90
    ({"greet": "Y", "tone": "OK", "disclosure": "Y"}, 90.0, 3, False),
    # N/A leaves the denominator: Greeting = 100*(3/5)/1 = 60, form = (60 + 100)/2 = 80
    ({"greet": "N/A", "tone": "OK", "disclosure": "Y"}, 80.0, 3, False),
    # the section KPI fails (priority 0): Compliance = 0, form = (80 + 0)/2 = 40 (band 2 begins at 40)
    ({"greet": "Y", "tone": "OK", "disclosure": "N"}, 40.0, 2, True),
    # an N/A KPI answer fails nothing and the section drops out: form = Greeting = 100*(0 + 1)/2 = 50
    ({"greet": "N", "tone": "Good", "disclosure": "N\\A"}, 50.0, 2, False),
    ({"greet": "N", "tone": "Bad", "disclosure": "Y"}, 50.0, 2, False),
    ({"greet": "N", "tone": "Bad", "disclosure": "N"}, 0.0, 1, True),
])
def test_automatic_weighting(evaluator, make_contact, make_form, labels, score, band, kpi):
    ev = _score(evaluator, make_contact, make_form(), **labels)
    assert (ev["score"], ev["band"], ev["kpiFailed"]) == (score, band, kpi)


def test_manual_weighting(evaluator, make_contact, make_form):
    picker = make_form(manualWeighting=True)
    # Greeting (weight 3) = 100*(1*1 + 3*0.6)/(1 + 3) = 70, Compliance (weight 1) = 100,
    # form = (3*70 + 1*100)/4 = 77.5
    ev = _score(evaluator, make_contact, picker, greet="Y", tone="OK", disclosure="Y")
    assert ev["score"] == 77.5 and ev["band"] == 3
    assert [s["score"] for s in ev["sections"]] == [70.0, 100.0]
    assert [q["score"] for q in ev["sections"][0]["questions"]] == [100.0, 60.0]
    # with Greeting's N/A: Greeting = 100*(3*0.6)/3 = 60, form = (3*60 + 100)/4 = 70
    assert _score(evaluator, make_contact, picker, greet="N/A", tone="OK", disclosure="Y")["score"] == 70.0


def test_form_kpi_zeroes_the_evaluation(admin_client, evaluator, make_contact, make_form):
    from .conftest import form_body

    body = form_body()
    body["sections"][1]["questions"][0]["options"][0]["kpiPriority"] = 1
    r = admin_client.post("/api/rest/recording/evalform", json=body)
    from .conftest import Picker

    picker = Picker(r.json())
    ev = _score(evaluator, make_contact, picker, greet="Y", tone="Good", disclosure="N")
    assert ev["score"] == 0.0 and ev["kpiFailed"] and ev["band"] == 1
    assert [s["score"] for s in ev["sections"]] == [100.0, 0.0]
    assert _score(evaluator, make_contact, picker, greet="Y", tone="Good", disclosure="Y")["score"] == 100.0


def test_points_score_type(evaluator, make_contact, make_form):
    picker = make_form(scoreType={"id": 2, "name": "points"},
                       bandRanges=[{"band": 1, "begin": 0, "end": 100}, {"band": 2, "begin": 100, "end": 115}])
    # 10 + 3 in Greeting, 100 in Compliance
    ev = _score(evaluator, make_contact, picker, greet="Y", tone="OK", disclosure="Y")
    assert (ev["score"], ev["band"]) == (113.0, 2)
    # a failed section KPI zeroes its section's points
    assert _score(evaluator, make_contact, picker, greet="Y", tone="OK", disclosure="N")["score"] == 13.0


def test_band_edges(make_form, evaluator, make_contact):
    picker = make_form()
    assert _score(evaluator, make_contact, picker, greet="Y", tone="Good", disclosure="Y")["band"] == 3  # 100 (top end)
    assert _score(evaluator, make_contact, picker, greet="Y", tone="Bad", disclosure="N")["band"] == 1  # 25
