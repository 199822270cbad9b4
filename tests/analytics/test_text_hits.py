"""Text hits: positions, case and punctuation, soundsLike, recomputation when phrases change."""

from __future__ import annotations

from openwfo.analytics.textmatch import Matcher, normalized, phrase_forms

IMPORT = "/api/rest/cas/importtext"
CATS = "/api/rest/cas/phraselist"
PHRASES = "/api/rest/cas/phrase"


def _hits(text, *phrases):
    m = Matcher([phrase_forms(i, 1, p, s) for i, (p, s) in enumerate(phrases)])
    return [(text[pos:pos + n], p.phrase_id) for p, pos, n in m.find(text)]


def test_matching_rules():
    assert _hits("Please CANCEL, my... account!", ("cancel my account", None)) == [("CANCEL, my... account", 0)]
    assert _hits("I don't want it; dont want", ("dont want", None)) == [("don't want", 0), ("dont want", 0)]
    assert _hits("close my account", ("cancel my account", "close my account|shut it")) == [("close my account", 0)]
    assert _hits("cancellation is not cancel", ("cancel", None)) == [("cancel", 0)]  # whole words only
    assert _hits("Straße STRASSE", ("strasse", None)) == [("Straße", 0), ("STRASSE", 0)]
    assert _hits("a b a b", ("a b", None), ("b", None)) == [("a b", 0), ("b", 1), ("a b", 0), ("b", 1)]
    assert normalized("Hello, World!") == " hello world "


def _import(client, agent, *texts):
    recs = [{"time": 1_700_000_000_000, "username": agent.email, "text": t} for t in texts]
    rep = client.post(IMPORT, json={"textType": "chat", "records": recs}).json()
    return [c["contactId"] for c in rep["contacts"]]


def _view(client, cid):
    return [(h["phrase"], h["position"], h["length"], h["category"])
            for h in client.get("/api/rest/cas/textview", params={"ccrid": cid}).json()["hits"]]


def test_hits_follow_phrase_changes(admin_client, agents):
    a, b = _import(admin_client, agents.alice, "I want a refund. REFUND now!", "where is my parcel")
    assert _view(admin_client, a) == []  # no phrases yet
    out = admin_client.post(CATS, json={"category": "Money", "phrases": [{"phrase": "refund"}]}).json()
    cid, pid = out["categories"][0]["id"], out["phrases"][0]["id"]
    assert _view(admin_client, a) == [("refund", 9, 6, "Money"), ("refund", 17, 6, "Money")]
    # soundsLike added: the other text now hits too.
    admin_client.put(PHRASES, json={"id": pid, "soundsLike": "my parcel"})
    assert _view(admin_client, b) == [("refund", 9, 9, "Money")]
    # Renamed category: hits name it at once; phrase edited: old hits gone.
    admin_client.put(CATS, json={"id": cid, "category": "Refunds"})
    admin_client.put(PHRASES, json={"id": pid, "phrase": "now", "soundsLike": ""})
    assert _view(admin_client, a) == [("now", 24, 3, "Refunds")] and _view(admin_client, b) == []
    admin_client.delete(PHRASES, params={"id": pid})
    assert _view(admin_client, a) == []
    pid2 = admin_client.post(PHRASES, json={"phrase": "where is", "categoryId": cid}).json()["phrases"][0]["id"]
    assert _view(admin_client, b) == [("where is", 0, 8, "Refunds")]
    assert admin_client.delete(CATS, params={"id": cid}).json() == {"deleted": 1}
    assert _view(admin_client, b) == [] and pid2


def test_textview_errors(admin_client, agents, factory, tenant, new_client):
    assert admin_client.get("/api/rest/cas/textview").status_code == 400
    assert admin_client.get("/api/rest/cas/textview", params={"ccrid": "x"}).status_code == 400
    assert admin_client.get("/api/rest/cas/textview", params={"ccrid": 987654321}).status_code == 404
    (cid,) = _import(admin_client, agents.alice, "hello")
    other = factory.tenant()
    c = new_client()
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get("/api/rest/cas/textview", params={"ccrid": cid}).status_code == 404


def test_sentiment(admin_client, agents):
    from openwfo.analytics.sentiment import score, summary

    assert score("Thank you so much, great help!") > 0.5 > -0.5 > score("This is terrible, I hate it")
    s = summary([(0, 0, 0.5), (1, 100, -0.6), (0, 200, 0.1), (1, 300, 0.9)])
    assert s["byChannel"] == {"0": 0.3, "1": 0.15} and s["trend"] == {"start": 0.5, "end": 0.9}
    assert summary([]) == {"overall": None, "byChannel": {}, "trend": None}
    good, bad = _import(admin_client, agents.alice, "Great service, thank you!", "Awful. I am angry and upset.")
    sentiment = lambda cid: admin_client.get("/api/rest/cas/textview", params={"ccrid": cid}).json()["sentiment"]  # noqa: E731
    assert sentiment(good) > 0 > sentiment(bad)


def test_large_tenant_recomputes_in_a_job(admin_client, agents, monkeypatch):
    from openwfo.analytics.text_hits import jobs

    monkeypatch.setattr(jobs, "INLINE_LIMIT", 2)
    monkeypatch.setattr(jobs, "SLICE", 2)
    ids = _import(admin_client, agents.alice, "refund please", "no", "a refund", "REFUND!", "nothing")
    r = admin_client.post(CATS, json={"category": "Money", "phrases": [{"phrase": "refund"}]})
    assert r.status_code == 200 and r.json()["phrases"][0]["phrase"] == "refund"
    (job_id,) = [int(j) for j in r.headers["X-OpenWFO-Jobs"].split(",")]
    job = _wait(admin_client, job_id)
    assert job["kind"] == "analytics.texthits" and job["status"] == "succeeded" and job["progress"] == 100, job
    assert job["result"] == {"phrases": 1, "slices": 3, "contacts": 3, "hits": 3}
    assert [len(_view(admin_client, c)) for c in ids] == [1, 0, 1, 1, 0]
    # An edit: the old form's hits are gone, the job finds the new form.
    pid = r.json()["phrases"][0]["id"]
    r = admin_client.put(PHRASES, json={"id": pid, "phrase": "nothing"})
    _wait(admin_client, int(r.headers["X-OpenWFO-Jobs"]))
    assert [_view(admin_client, c) for c in ids] == [[], [], [], [], [("nothing", 0, 7, "Money")]]


def _wait(client, job_id, timeout=30):
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/rest/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("text hits job did not finish")


def test_contact_search_by_category_and_phrase(admin_client, agents):
    a, b, c = _import(admin_client, agents.alice, "I want a refund", "cancel my account", "just saying hello")
    out = admin_client.post(CATS, json={"category": "Money", "phrases": [{"phrase": "refund"}]}).json()
    money, refund = out["categories"][0]["id"], out["phrases"][0]["id"]
    out = admin_client.post(CATS, json={"category": "Churn", "phrases": [{"phrase": "cancel my account"}]}).json()
    churn = out["categories"][0]["id"]
    window = {"beginDate": "2023-11-01", "endDate": "2023-12-01"}

    def found(**params):
        r = admin_client.get("/api/rest/recording/contact", params={**window, **params})
        assert r.status_code == 200, r.text
        return sorted(x["id"] for x in r.json())

    assert found(category=money) == [a]
    assert found(category=[money, churn]) == sorted([a, b])
    assert found(phrase=refund) == [a]
    assert found(phrase=refund, category=churn) == []
    assert c in found()
    assert admin_client.get("/api/rest/recording/contact", params={**window, "category": "x"}).status_code == 400
