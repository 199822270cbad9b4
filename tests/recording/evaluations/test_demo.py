"""Demo evaluations: two forms, real evaluations behind every evaluation flag of the demo contacts."""

from __future__ import annotations

from openwfo.demo import evaluations as demo_evals
from openwfo.demo import recording as demo_contacts
from openwfo.models import Tenant

SEARCH = "/api/rest/recording/contact?limit=1000"


def test_demo_evaluations_seed_once(app, org, admin_client, monkeypatch):
    monkeypatch.setattr(demo_contacts, "CONTACTS", 200)
    monkeypatch.setattr(demo_contacts, "WITH_AUDIO", 0)
    monkeypatch.setattr(demo_contacts, "WITH_SCREEN", 0)
    monkeypatch.setattr(demo_evals, "EVALUATIONS", 80)
    for _ in range(2):
        with app.state.database.session(org.tenant.id) as db:
            tenant = db.get(Tenant, org.tenant.id)
            demo_contacts.seed(db, tenant)
            demo_evals.seed(db, tenant)
    forms = admin_client.get("/api/rest/recording/evalform").json()
    assert sorted(f["name"] for f in forms) == ["Compliance Review", "Customer Experience"]
    evaluated = [c for c in admin_client.get(SEARCH).json() if c["evaluation"]]
    assert len(evaluated) == 80  # the second run added nothing
    flagged = {k: {c["id"] for c in admin_client.get(f"{SEARCH}&{k}=true").json()}
               for k in ("scored", "needsApproval", "training", "inProgress")}
    ids = {c["id"] for c in evaluated}
    assert all(flagged[k] and flagged[k] <= ids for k in ("scored", "needsApproval", "inProgress"))
    assert flagged["training"] <= ids
    one = next(c for c in evaluated if c["scored"])
    full = admin_client.get(one["evaluation"]["$ref"]).json()
    assert full["score"] == one["evaluation"]["score"] and all(q["answer"] for s in full["sections"]
                                                               for q in s["questions"])
    rows = admin_client.get("/api/rest/recording/evaluation/averages?by=team").json()
    assert rows and all(r["sections"] for r in rows)
