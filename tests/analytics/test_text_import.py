"""Generic Text Import (JSON, CSV, POST and PUT), with Multiple Files (multipart, ZIP), the drop
folder's TEXTCONTACT files: rules, duplicates, bad rows, and the contacts they make."""

from __future__ import annotations

import io
import zipfile

IMPORT = "/api/rest/cas/importtext"
UPLOAD = "/api/upload/textcontacts"
T0 = 1_700_000_000_000


def _record(agent, **over):
    rec = {"time": T0, "username": agent.email, "sender": "cust@abc.com", "receiver": ["agent@x.com", "b@x.com"],
           "text": "Hello, I want to CANCEL my account today.", "subject": "my account",
           "metadata": {"accNum": "123"}, "references": ["ref1", "ref2"], "id": "m-1"}
    rec.update(over)
    return rec


def test_json_import_and_duplicate_source_id(admin_client, agents, categories):
    r = admin_client.post(IMPORT, json={"textType": "email", "records": [_record(agents.alice)]})
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["status"] == "SUCCESS" and rep["imported"] == 1
    cid = rep["contacts"][0]["contactId"]
    view = admin_client.get("/api/rest/cas/textview", params={"ccrid": cid}).json()
    assert view["emailBody"] == "Hello, I want to CANCEL my account today." and view["subject"] == "my account"
    assert view["sender"] == "cust@abc.com" and view["receiver"] == ["agent@x.com", "b@x.com"]
    assert view["firstName"] == "Alice" and view["team"] == "Care Team" and view["personId"] == agents.alice.id
    assert [(h["position"], h["length"], h["category"]) for h in view["hits"]] == [(17, 17, "Cancellation")]
    # The same source id and text type again: reported, not imported; another text type is fine.
    r = admin_client.post(IMPORT, json={"textType": "email", "records": [_record(agents.alice), _record(
        agents.alice, id="m-2")]})
    rep = r.json()
    assert [c["status"] for c in rep["contacts"]] == ["DUPLICATE", "SUCCESS"] and rep["duplicates"] == 1
    assert rep["contacts"][0]["contactId"] == cid and rep["status"] == "SUCCESS"
    r = admin_client.post(IMPORT, json={"textType": "chat", "records": [_record(agents.alice)]})
    assert r.json()["imported"] == 1
    # The contact is a contact: searchable as an email with the metadata and agent.
    found = admin_client.get("/api/rest/recording/contact", params={
        "beginDate": "2023-11-01", "endDate": "2023-11-30", "contactType": "EMAIL", "expand": "metadata"}).json()
    ours = [c for c in found if c["id"] == cid]
    assert ours and ours[0]["metadata"]["accNum"]["value"] == "123"


def test_put_replaces_by_source_id(admin_client, agents, categories):
    cid = admin_client.post(IMPORT, json={"textType": "email", "records": [_record(agents.alice)]}).json()[
        "contacts"][0]["contactId"]
    r = admin_client.put(IMPORT, json={"textType": "email", "records": [
        _record(agents.bob, text="Please let me speak to a supervisor!")]})
    assert r.status_code == 200 and r.json()["contacts"][0]["status"] == "UPDATED"
    assert r.json()["contacts"][0]["contactId"] == cid
    view = admin_client.get("/api/rest/cas/textview", params={"CCRID": cid}).json()
    assert view["firstName"] == "Bob" and [h["category"] for h in view["hits"]] == ["Escalation"]


def test_bad_records_fail_alone(admin_client, agents):
    recs = [_record(agents.alice, id=None), {"time": "yesterday", "username": agents.alice.email, "text": "x"},
            _record(agents.alice, id=None, username="nobody@nowhere.test"), _record(agents.alice, id=None, text=None),
            _record(agents.alice, id=None, evalForm="No such form"), "not an object",
            _record(agents.alice, id=None, username="alice")]  # a bare login: the user part of CORP\alice
    r = admin_client.post(IMPORT, json={"textType": "website", "records": recs})
    assert r.status_code == 200
    rep = r.json()
    assert [c["status"] for c in rep["contacts"]] == ["SUCCESS", "FAILED", "FAILED", "FAILED", "FAILED", "FAILED",
                                                      "SUCCESS"]
    assert rep["status"] == "PARTIAL" and rep["failed"] == 5
    assert "time" in rep["contacts"][1]["reason"] and "evalForm" in rep["contacts"][4]["reason"]
    assert admin_client.post(IMPORT, json={"textType": "fax", "records": [_record(agents.alice)]}).json()[
        "status"] == "FAILED"
    assert admin_client.post(IMPORT, content=b"").status_code == 400
    assert admin_client.post(IMPORT, json={"records": 5}).status_code == 400


def test_csv_body_with_pipes_and_utf8(admin_client, agents, categories):
    csv = ("textType,time,username,sender,receiver,subject,metadata,references,id,text\n"
           f"Email,{T0},{agents.alice.email},cust1@abc.com,a@x.com|b@x.com,Grüße,accNum=123|ssn=234,ref1|ref2,1,"
           "\"Bonjour, je veux… cancel my-account, s'il vous plaît\"\n"
           f"chat,{T0},CORP\\bob,cust3@abc.com,a@x.com,billing question,accNum=900,,,speak to a SUPERVISOR\n"
           f"chat,{T0},CORP\\bob,cust3@abc.com,a@x.com,too few columns\n")
    r = admin_client.post(IMPORT, content=csv.encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    rep = r.json()
    assert [c["status"] for c in rep["contacts"]] == ["SUCCESS", "SUCCESS", "FAILED"]
    assert [c["textType"] for c in rep["contacts"][:2]] == ["email", "chat"]
    view = admin_client.get("/api/rest/cas/textview", params={"ccrid": rep["contacts"][0]["contactId"]}).json()
    assert view["receiver"] == ["a@x.com", "b@x.com"] and view["subject"] == "Grüße"
    assert view["references"] == ["ref1", "ref2"]
    body, hit = view["emailBody"], view["hits"][0]
    assert body[hit["position"]:hit["position"] + hit["length"]] == "cancel my-account"


def _multipart_files(agent):
    csv = ("textType,filename,evalForm,time,username,sender,receiver,subject,metadata,references,id\n"
           f"email,email1.txt,,{T0},{agent.email},cust1@abc.com,agent1@x.com,my account,accNum=123|ssn=234,ref1|ref2,e1\n"
           f"chat,chat1.txt,,{T0},{agent.email},cust3@abc.com,agent1@x.com,billing question,accNum=900,,\n"
           f"chat,missing.txt,,{T0},{agent.email},cust3@abc.com,agent1@x.com,nothing,,,\n")
    return csv, {"email1.txt": b"I would like to close my account.",
                 "chat1.txt": "Ünïcode chat: speak to a supervisor now".encode()}


def test_multiple_files_multipart_and_zip(admin_client, agents, categories):
    csv, texts = _multipart_files(agents.alice)
    files = [("file", ("textcontacts.csv", csv.encode(), "text/csv"))] + [
        ("file", (n, b, "text/plain")) for n, b in texts.items()] + [("file", ("unused.txt", b"x", "text/plain"))]
    r = admin_client.post(UPLOAD, files=files)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert [c["status"] for c in rep["contacts"]] == ["SUCCESS", "SUCCESS", "FAILED"]
    assert "missing.txt" in rep["contacts"][2]["reason"] and rep["ignoredFiles"] == ["unused.txt"]
    view = admin_client.get("/api/rest/cas/textview", params={"ccrid": rep["contacts"][1]["contactId"]}).json()
    assert view["emailBody"].startswith("Ünïcode") and view["hits"][0]["category"] == "Escalation"
    # The same as a ZIP (folders flattened): e1 is now a duplicate, the chat without id imports again.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("batch/textcontacts.csv", csv)
        for n, b in texts.items():
            z.writestr(f"batch/content/{n}", b)
    r = admin_client.post(UPLOAD, files=[("file", ("textcontacts.zip", buf.getvalue(), "application/zip"))])
    assert [c["status"] for c in r.json()["contacts"]] == ["DUPLICATE", "SUCCESS", "FAILED"]
    # JSON contact data as the multiple-files API shows it (a list of records with their own textType).
    doc = [{"textType": "email", "time": T0, "username": agents.alice.email, "filename": "email1.txt", "id": "e9"}]
    import json
    r = admin_client.post(UPLOAD, files=[("file", ("tc.json", json.dumps(doc).encode(), "application/json")),
                                         ("file", ("email1.txt", texts["email1.txt"], "text/plain"))])
    assert r.json()["imported"] == 1
    assert admin_client.post(UPLOAD, files=[("file", ("a.txt", b"x", "text/plain"))]).status_code == 400


def test_permissions(new_client, factory, tenant, agents):
    role = factory.role(tenant.id, set())
    p = factory.person(tenant.id, role=role)
    c = new_client()
    factory.login(c, p.email, tenant_id=tenant.id)
    assert c.post(IMPORT, json={"textType": "email", "records": []}).status_code == 403
    assert c.post(UPLOAD, files=[("file", ("a.csv", b"textType\n", "text/csv"))]).status_code == 403
    assert c.get("/api/rest/cas/textview", params={"ccrid": 1}).status_code == 403


def test_concurrent_imports_store_a_source_id_once(admin_client, agents, new_client, factory, tenant):
    from concurrent.futures import ThreadPoolExecutor

    clients = []
    for _ in range(4):
        c = new_client()
        factory.login(c, tenant.admin_email, tenant_id=tenant.id)
        clients.append(c)
    body = {"textType": "email", "records": [_record(agents.alice, id="race-1")]}
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda c: c.post(IMPORT, json=body), clients))
    statuses = [r.json()["contacts"][0]["status"] if r.status_code == 200 else r.status_code for r in answers]
    assert statuses.count("SUCCESS") == 1 and set(statuses) <= {"SUCCESS", "DUPLICATE", 409}, statuses
    again = admin_client.post(IMPORT, json=body).json()["contacts"][0]
    assert again["status"] == "DUPLICATE"
