"""Around a score: acknowledge, dispute and its resolution with history, calibration reports,
per-agent and per-team averages by form, section and period."""

from __future__ import annotations

import datetime as dt

from openwfo.kit.clock import clock

from .conftest import contact_url

AVERAGES = "/api/rest/recording/evaluation/averages"


def _eval(client, cid, picker, **body):
    r = client.post(contact_url(cid) + "/eval", json={"formId": picker.form["id"], **body})
    assert r.status_code == 200, r.text
    return r.json()


def test_acknowledge_dispute_uphold_and_rescore(evaluator, approver, login_with, org, make_form, make_contact):
    picker = make_form()
    cid = make_contact()
    ev = _eval(evaluator, cid, picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"))
    url = f"{contact_url(cid)}/eval/{ev['id']}"
    agent = login_with("View Schedules", person=org.agent_a, scope_all=False)
    # only the evaluated agent acknowledges or disputes
    assert evaluator.post(url + "/acknowledge").status_code == 403
    ack = agent.post(url + "/acknowledge")
    assert ack.status_code == 200 and ack.json()["acknowledged"] > 0
    assert agent.post(url + "/acknowledge").json()["acknowledged"] == ack.json()["acknowledged"]
    assert agent.post(url + "/dispute", json={}).status_code == 400
    disputed = agent.post(url + "/dispute", json={"reason": "I did read the disclosure"})
    assert disputed.status_code == 200 and disputed.json()["dispute"] == "open"
    assert agent.post(url + "/dispute", json={"reason": "again"}).status_code == 409
    assert "I did read the disclosure" in [c["text"] for c in agent.get(url + "/comment").json()]
    # the agent cannot resolve; the evaluator upholds
    assert agent.post(url + "/dispute/resolve", json={"action": "uphold"}).status_code == 403
    assert evaluator.post(url + "/dispute/resolve", json={"action": "ignore"}).status_code == 400
    upheld = evaluator.post(url + "/dispute/resolve", json={"action": "uphold", "note": "heard it"})
    assert upheld.status_code == 200 and upheld.json()["dispute"] == "upheld" and upheld.json()["score"] == 90.0
    assert evaluator.post(url + "/dispute/resolve", json={"action": "uphold"}).status_code == 409
    # disputed again, an approver rescores
    agent.post(url + "/dispute", json={"reason": "tone was good"})
    rescored = approver.post(url + "/dispute/resolve",
                             json={"action": "rescore", "answers": picker.answers(tone="Good")})
    assert rescored.status_code == 200, rescored.text
    assert rescored.json()["dispute"] == "rescored" and rescored.json()["score"] == 100.0
    assert evaluator.get(contact_url(cid)).json()["evaluation"]["score"] == 100.0
    history = evaluator.get(url + "/history").json()
    assert [h["action"] for h in history] == ["created", "acknowledged", "disputed", "upheld", "disputed", "rescored"]
    assert (history[-1]["scoreBefore"], history[-1]["scoreAfter"]) == (90.0, 100.0)
    assert history[3]["note"] == "heard it" and history[-1]["actor"]["id"] == approver.person.id


def test_dispute_needs_a_scored_evaluation(evaluator, login_with, org, make_form, make_contact):
    picker = make_form()
    cid = make_contact()
    draft = _eval(evaluator, cid, picker, answers=picker.answers(greet="Y"))
    agent = login_with("View Schedules", person=org.agent_a, scope_all=False)
    r = agent.post(f"{contact_url(cid)}/eval/{draft['id']}/dispute", json={"reason": "not done"})
    assert r.status_code == 409
    other_agent = login_with("View Schedules", person=org.agent_b, scope_all=False)
    assert other_agent.get(f"{contact_url(cid)}/eval/{draft['id']}").status_code == 404


def test_calibration_report(evaluator, approver, login_with, make_form, make_contact):
    picker = make_form()
    cid = make_contact()
    # the reference: the contact's own evaluation (90)
    _eval(approver, cid, picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"))
    second = login_with("Evaluate Contacts", "Search Contacts")
    a = _eval(evaluator, cid, picker, calibration=True, answers=picker.answers(greet="Y", tone="Good", disclosure="Y"))
    b = _eval(second, cid, picker, calibration=True, answers=picker.answers(greet="N", tone="OK", disclosure="Y"))
    third = login_with("Evaluate Contacts", "Search Contacts")
    assert third.get(contact_url(cid) + "/calibration").status_code == 403
    r = evaluator.get(contact_url(cid) + "/calibration")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["reference"] == {"evaluationId": report["reference"]["evaluationId"], "score": 90.0,
                                   "source": "evaluation"}
    devs = {e["evaluationId"]: (e["score"], e["deviation"]) for e in report["evaluators"]}
    # a: Greeting 100, Compliance 100 -> 100 (+10); b: Greeting 100*(0 + 0.6)/2 = 30 -> (30 + 100)/2 = 65 (-25)
    assert devs == {a["id"]: (100.0, 10.0), b["id"]: (65.0, -25.0)}
    assert report["meanAbsoluteDeviation"] == 17.5
    spread = {q["text"]: (q["spread"], q["agreement"]) for q in report["questions"]}
    assert spread == {"Greeted by name": (100.0, False), "Tone": (40.0, False), "Read the disclosure": (0.0, True)}
    # calibration never reaches the contact or the averages
    assert approver.get(contact_url(cid)).json()["evaluation"]["score"] == 90.0
    rows = approver.get(f"{AVERAGES}?formId={picker.form['id']}").json()
    assert [r["evaluations"] for r in rows] == [1]


def test_averages_by_agent_team_section_and_period(evaluator, approver, org, make_form, make_contact):
    picker = make_form()
    a1, a2, b1 = make_contact(), make_contact(), make_contact(agent=org.agent_b)
    clock.freeze(clock.now_ms() - 40 * 86_400_000)
    _eval(evaluator, a1, picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"))  # 90: 80 / 100
    clock.reset()
    _eval(evaluator, a2, picker, answers=picker.answers(greet="Y", tone="OK", disclosure="N"))  # 40: 80 / 0
    _eval(evaluator, b1, picker, answers=picker.answers(greet="Y", tone="Good", disclosure="Y"))  # 100
    _eval(evaluator, make_contact(), picker, answers=picker.answers(greet="Y"))  # in progress: not counted
    q = f"{AVERAGES}?formId={picker.form['id']}"
    by_agent = {r["agent"]["id"]: r for r in approver.get(q + "&by=agent").json()}
    assert by_agent[org.agent_a.id]["average"] == 65.0 and by_agent[org.agent_a.id]["evaluations"] == 2
    assert [(s["name"], s["average"], s["count"]) for s in by_agent[org.agent_a.id]["sections"]] == [
        ("Greeting", 80.0, 2), ("Compliance", 50.0, 2)]
    assert by_agent[org.agent_b.id]["average"] == 100.0 and by_agent[org.agent_a.id]["period"] is None
    by_team = {r["team"]["id"]: r for r in approver.get(q + "&by=team").json()}
    assert by_team[org.team_a]["average"] == 65.0 and by_team[org.team_a]["team"]["name"] == "Sales Team"
    monthly = approver.get(q + f"&by=team&period=month&team={org.team_a}").json()
    assert sorted(r["average"] for r in monthly) == [40.0, 90.0] and all(r["period"].endswith("-01") for r in monthly)
    weekly = approver.get(q + "&by=team&period=week").json()
    assert all(dt.date.fromisoformat(r["period"]).weekday() == 0 for r in weekly)
    today = dt.datetime.fromtimestamp(clock.now_ms() / 1000, dt.UTC).date().isoformat()
    recent = approver.get(q + f"&by=agent&beginDate={today}&endDate={today}").json()
    assert {r["agent"]["id"]: r["average"] for r in recent} == {org.agent_a.id: 40.0, org.agent_b.id: 100.0}
    scoped = {r["agent"]["id"] for r in evaluator.get(q).json()}
    assert scoped == {org.agent_a.id, org.agent_b.id}
    for bad in ("by=queue", "period=year", "beginDate=soon", "beginDate=2026-02-01&endDate=2026-01-01"):
        assert approver.get(f"{AVERAGES}?{bad}").status_code == 400


def test_averages_follow_scope(login_with, evaluator, org, make_form, make_contact):
    picker = make_form()
    _eval(evaluator, make_contact(), picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"))
    _eval(evaluator, make_contact(agent=org.agent_b), picker,
          answers=picker.answers(greet="Y", tone="OK", disclosure="Y"))
    team_b_only = login_with("Approve Evaluations", scope_all=False, scope_teams=[org.team_b])
    rows = team_b_only.get(f"{AVERAGES}?by=team&formId={picker.form['id']}").json()
    assert [r["team"]["id"] for r in rows] == [org.team_b]
    assert login_with("Search Contacts").get(AVERAGES).status_code == 403
