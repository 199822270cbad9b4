"""Device association import (POST /api/rest/fileimport/devices), a person's devices, and
person_for_extension (whose call a device's extension is on)."""

from __future__ import annotations

from openwfo.org.devices.service import person_for_extension

HEADER = ("DeviceName,DeviceType,Extensions,VirtualDeviceId,VirtualDeviceName,TelephonyGroup,DisplayID,Username,"
          "DomainName,LastName,FirstName,MonitorServer,RecordingCluster,RecordingType")
URL = "/api/rest/fileimport/devices"
SUCCESS = {"status": "SUCCESS", "responseText": "The file was successfully imported"}


def post(client, *rows: str, header: str = HEADER):
    text = "\r\n".join([header, *rows]) + "\r\n"
    return client.post(URL, files={"file": ("devices.csv", text.encode(), "text/csv")})


def devices(client, pid: int) -> list[dict]:
    r = client.get(f"/api/rest/org/person/{pid}/devices")
    assert r.status_code == 200, r.text
    return r.json()


def test_import_associates_devices_found_by_login_email_or_display_id(app, admin_client, factory, tenant):
    a = factory.person(tenant.id, ad_login="CORP\\ann", first_name="Ann", last_name="Able")
    b = factory.person(tenant.id, display_id="B-42")
    c = factory.person(tenant.id)
    r = post(admin_client,
             "SEP001122334455,Cisco 8841,4001;4002,vd1,Ann soft,TG1,,ann,CORP,Able,Ann,mon1,cluster1,Network",
             f"SEP00AABBCCDDEE,Cisco 7841,4010,,,,,{c.email},,,,,,",
             "CSFBOB,Jabber,4020,,,,B-42,,,,,,,")
    assert r.status_code == 200, r.text
    assert r.json() == SUCCESS
    got = devices(admin_client, a.id)
    assert got == [{"id": got[0]["id"], "deviceName": "SEP001122334455", "deviceType": "Cisco 8841",
                    "extensions": ["4001", "4002"], "virtualDeviceId": "vd1", "virtualDeviceName": "Ann soft",
                    "telephonyGroup": "TG1", "monitorServer": "mon1", "recordingCluster": "cluster1",
                    "recordingType": "Network", "personId": a.id}]
    assert [d["deviceName"] for d in devices(admin_client, c.id)] == ["SEP00AABBCCDDEE"]
    assert [d["extensions"] for d in devices(admin_client, b.id)] == [["4020"]]
    with app.state.database.session(tenant.id) as db:
        assert person_for_extension(db, "4002").id == a.id
        assert person_for_extension(db, " 4020 ").id == b.id
        assert person_for_extension(db, "9999") is None
    # re-importing a device moves it (and its extensions) to another person
    r = post(admin_client, "SEP001122334455,Cisco 8841,4001,,,,,CORP\\ann,,,,,,",
             f"SEP00AABBCCDDEE,Cisco 7841,4002;4010,,,,,{c.email},,,,,,")
    assert r.status_code == 200, r.text
    assert devices(admin_client, a.id)[0]["extensions"] == ["4001"]
    assert devices(admin_client, c.id)[0]["extensions"] == ["4002", "4010"]
    with app.state.database.session(tenant.id) as db:
        assert person_for_extension(db, "4002").id == c.id


def test_row_errors_are_all_reported_and_nothing_is_applied(admin_client, factory, tenant):
    a = factory.person(tenant.id, ad_login="CORP\\ann")
    assert post(admin_client, "PHONE1,Cisco,5001,,,,,ann,CORP,,,,,").status_code == 200
    r = post(admin_client,
             "PHONE2,Cisco,5002,,,,,nobody,CORP,,,,,",        # unknown person
             "PHONE3,Cisco,5001,,,,,ann,CORP,,,,,",           # 5001 is PHONE1's
             "PHONE4,Cisco,5004,,,,,,,,,,,",                  # no person named
             "PHONE4,Cisco,5005,,,,,ann,CORP,,,,,",           # device twice
             ",Cisco,5006,,,,,ann,CORP,,,,,")                 # no device name
    assert r.status_code == 400
    body = r.json()
    assert body["errorMessage"].startswith("Error in file import, line 2!") and "requestId" in body
    assert [e["row"] for e in body["errors"]] == [2, 3, 4, 5, 6]
    assert {e["column"] for e in body["errors"]} >= {"Username", "Extensions", "DeviceName"}
    assert [d["deviceName"] for d in devices(admin_client, a.id)] == ["PHONE1"]
    r = post(admin_client, "X,1,2", header="DeviceName,Colour,Extensions")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "Colour"
    assert admin_client.post(URL, files={"file": ("d.csv", b"", "text/csv")}).status_code == 400


def test_import_needs_bulk_import_and_sees_only_the_callers_scope(login_as, admin_client, factory, tenant):
    north, south = factory.group(tenant.id), factory.group(tenant.id)
    inside = factory.person(tenant.id, team_id=factory.team(tenant.id, north), ad_login="CORP\\in")
    factory.person(tenant.id, team_id=factory.team(tenant.id, south), ad_login="CORP\\out")
    foreign = factory.person(factory.tenant().id, ad_login="CORP\\far")
    assert post(login_as("ViewOrg"), "P1,Cisco,6001,,,,,in,CORP,,,,,").status_code == 403
    importer = login_as("ViewOrg", "Bulk Import", scope_groups=[north])
    assert post(importer, "P2,Cisco,6002,,,,,out,CORP,,,,,").status_code == 400
    assert post(importer, "P3,Cisco,6003,,,,,far,CORP,,,,,").status_code == 400
    assert post(importer, "P1,Cisco,6001,,,,,in,CORP,,,,,").status_code == 200
    assert importer.get(f"/api/rest/org/person/{inside.id}/devices").json()[0]["extensions"] == ["6001"]
    assert admin_client.get(f"/api/rest/org/person/{foreign.id}/devices").status_code == 404


def test_the_generic_file_import_route_still_answers_other_types(admin_client):
    r = admin_client.get("/api/rest/fileimport/persons")
    assert r.status_code == 200 and r.json()["fields"]
    assert "extension" in admin_client.get("/openapi.json").json()["paths"][URL]["post"]["tags"]
