"""Concurrent writers: no request fails because another one is writing (SQLite included), and reads
stay concurrent with an open writing transaction."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from openwfo.models import Person

PERSON = "/api/rest/org/common/person"
VIEW = "/api/rest/scheduling/view"
LISTS = "/api/rest/recording/inclusionExclusion"
THREADS = 8
SECONDS = 3.0


def _worker(app, cookie: str, n: int, deadline: float, statuses: Counter, created: list, failures: list):
    c = TestClient(app, raise_server_exceptions=False, cookies={"hazelcast.sessionId": cookie})
    i = 0
    view_id = None
    while time.monotonic() < deadline:
        i += 1
        step = i % 5
        if step == 1 or not created:
            r = c.post(PERSON, json={"firstName": "Load", "lastName": f"T{n}", "email": f"load-{n}-{i}-{cookie[-6:]}@w.test"})
            if r.status_code == 200:
                created.append(r.json()["id"])
        elif step == 2:
            r = c.put(f"{PERSON}/{created[-1]}", json={"firstName": f"Upd{i}"})
        elif step == 3:
            if view_id is None:
                r = c.post(VIEW, json={"name": f"view-{n}-{cookie[-6:]}"})
                view_id = r.json().get("id") if r.status_code == 200 else None
            else:
                r = c.put(f"{VIEW}/{view_id}", json={"name": f"view-{n}-{i}-{cookie[-6:]}", "agentIds": []})
        elif step == 4:
            r = c.post(LISTS, json={"inclusionExclusionType": 2, "inclusionExclusionPatternType": 1,
                                    "pattern": f"61{n}{i % 1000:03d}????", "inclusionExclusionCallDirection": 1})
        else:
            r = c.get(f"{PERSON}/{created[-1]}")
        statuses[r.status_code] += 1
        if r.status_code >= 500 or r.status_code == 409:
            failures.append((r.request.method, r.request.url.path, r.status_code, r.text[:200]))


def test_concurrent_writers_never_fail(app, factory, tenant):
    cookie = factory.login(TestClient(app), tenant.admin_email, factory.PASSWORD, tenant_id=tenant.id)["sessionId"]
    statuses: Counter = Counter()
    created: list[int] = []
    failures: list = []
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=_worker, args=(app, cookie, n, deadline, statuses, created, failures))
               for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[:5]
    assert sum(statuses.values()) > THREADS * 4, statuses
    assert all(code == 200 for code in statuses), statuses
    with app.state.database.session(tenant.id) as db:
        ids = set(db.scalars(select(Person.id).where(Person.id.in_(created))))
        assert ids == set(created)
        assert db.scalar(select(func.count()).select_from(Person).where(Person.last_name.like("T%"))) >= len(created)


def test_reads_do_not_wait_for_an_open_writing_transaction_and_writers_queue(app, admin_client, factory, tenant):
    p = factory.person(tenant.id)
    holding, release = threading.Event(), threading.Event()

    def long_writer():
        with app.state.database.session(tenant.id) as db:
            db.get(Person, p.id).first_name = "Held"
            db.flush()  # the write lock is taken and a change is pending
            holding.set()
            release.wait(10)

    t = threading.Thread(target=long_writer)
    t.start()
    assert holding.wait(10)
    started = time.monotonic()
    r = admin_client.get(f"{PERSON}/{p.id}")
    assert r.status_code == 200 and r.json()["firstName"] == "Pat"  # the last committed state, at once
    assert time.monotonic() - started < 2

    answers: list = []
    writer = threading.Thread(target=lambda: answers.append(admin_client.put(f"{PERSON}/{p.id}", json={"lastName": "Next"})))
    writer.start()
    writer.join(0.3)
    assert writer.is_alive()  # waiting for the write lock, not failing
    release.set()
    t.join()
    writer.join(10)
    assert answers[0].status_code == 200, answers[0].text
    body = admin_client.get(f"{PERSON}/{p.id}").json()
    assert (body["firstName"], body["lastName"]) == ("Held", "Next")


def test_the_write_lock_is_released_when_a_unit_of_work_fails(app, admin_client, factory, tenant):
    for _ in range(3):
        with pytest.raises(RuntimeError):
            with app.state.database.session(tenant.id) as db:
                db.scalars(select(Person.id)).all()
                raise RuntimeError("boom")
        r = admin_client.post(PERSON, json={"firstName": "A", "lastName": "B", "email": tenant.admin_email})
        assert r.status_code in (400, 409), r.text  # refused after reading: rolled back
    started = time.monotonic()
    r = admin_client.post(PERSON, json={"firstName": "A", "lastName": "B", "email": f"{factory.unique()}@w.test"})
    assert r.status_code == 200 and time.monotonic() - started < 5
