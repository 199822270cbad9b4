"""Contact import: the CSV formula guard read as the shared CSV reader reads it, rows written through
the ORM bulk insert stamped with the importing tenant, bounded ids on the import and export paths."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openwfo.models import Contact, ContactEvent, ContactMedia, ContactMetadata

from .media import post_csv, wav_bytes

T0 = 1447100000000
pytestmark = pytest.mark.both_stores  # the bulk inserts assign ids per store (PostgreSQL: the sequence)


def _metadata(client, contact_id) -> dict:
    return {k: v["value"] for k, v in client.get(f"/api/rest/recording/contact/{contact_id}/metadata").json().items()}


def test_csv_strips_the_formula_guard_only_before_a_trigger(admin_client, org):
    csv = (
        "AgentId, ContactStartTimeMs, CallId, CallingAddress, metadata.city, metadata.formula, metadata.plus, "
        "metadata.quoted, metadata.tab\n"
        f"{org.agent_a.email},{T0},'=1+1,'-42,'s-Hertogenbosch,'=HYPERLINK(\"x\"),'+31 20 555,''=twice,\"'\t1\"\n"
    )
    r = post_csv(admin_client, csv, {})
    assert r.status_code == 200, r.text
    row = r.json()["contacts"][0]
    assert row["status"] == "SUCCESS", row
    meta = _metadata(admin_client, row["contactId"])
    assert meta == {"city": "'s-Hertogenbosch", "formula": '=HYPERLINK("x")', "plus": "+31 20 555",
                    "quoted": "'=twice", "tab": "\t1"}
    c = admin_client.get(f"/api/rest/recording/contact/{row['contactId']}").json()
    assert c["callId"] == "=1+1" and c["ani"] == "-42"


def test_import_rows_carry_the_importing_tenant(admin_client, org, app):
    csv = (
        "AgentId, ContactStartTimeMs, CallId, Recording1, metadata.queue\n"
        f"{org.agent_a.email},{T0},stamp-1,a.wav,Billing\n"
        f"{org.agent_b.email},{T0 + 1000},stamp-2,,Sales\n"
    )
    r = post_csv(admin_client, csv, {"a.wav": wav_bytes(2)})
    assert r.status_code == 200 and r.json()["imported"] == 2, r.text
    ids = [c["contactId"] for c in r.json()["contacts"]]
    with app.state.database.session() as db:  # unbound: sees every tenant's rows
        for model, column in ((Contact, Contact.id), (ContactMetadata, ContactMetadata.contact_id),
                              (ContactMedia, ContactMedia.contact_id), (ContactEvent, ContactEvent.contact_id)):
            tenants = set(db.scalars(select(model.tenant_id).where(column.in_(ids))))
            assert tenants <= {org.tenant.id}, model
            if model is not ContactEvent:
                assert tenants == {org.tenant.id}, model


def test_import_and_export_ids_are_bounded(admin_client):
    big = 2**63
    for method, url in (("post", f"/api/rest/recording/media/export/contact/{big}"),
                        ("get", f"/api/rest/recording/media/export/contact/{big}"),
                        ("post", f"/api/rest/recording/media/upload/audio?contactId={big}"),
                        ("post", f"/api/rest/recording/media/upload/video?contactId=1&startTimeMs={big}")):
        r = getattr(admin_client, method)(url, content=b"x", headers={"Content-Type": "audio/wav"}) \
            if method == "post" else admin_client.get(url)
        assert r.status_code == 400, (url, r.status_code, r.text)
        assert "requestId" in r.json()
