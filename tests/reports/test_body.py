"""The export body read as the reference's examples print it."""

from __future__ import annotations

import pytest

from openwfo.errors import BadRequest
from openwfo.reports.schemas import read_export_body, repair

# The reference's GET example: the second pageSpecification entry's brace is never closed.
REFERENCE_GET = b"""{
   "schemaName":
   "com.stytch.rest.api.v4.data.report.action.ExportActionData",
   "action": "EXPORT_CSV", "state": {
   "schemaName": "com.stytch.rest.api.v4.data.report.ReportSpecData",
   "qname": "RP1_217_0_getk05bhup57b3nmd3il1"
         },
         "paramValues": {
         "qnameContent": "RP1_217_0_getk05bhup57b3nmd3ill",
   "encodedParamValues": "[]"
         },
         "pageSpecification": [
         {
         "offset": 0,
         "limit": 100
  },
         {
         "offset": 0,
         "limit": 100
   ]
}"""


def test_reference_get_example_is_read():
    req = read_export_body(REFERENCE_GET)
    assert req.qname == "RP1_217_0_getk05bhup57b3nmd3il1" and req.encoded == "[]"
    assert (req.rows.offset, req.rows.limit, req.columns.offset, req.columns.limit) == (0, 100, 0, 100)


def test_repair_leaves_strings_alone_and_closes_what_is_open():
    assert repair('{"a": "x]}", "b": [1, {"c": 2]') == '{"a": "x]}", "b": [1, {"c": 2}]}'
    assert repair('{"a": [1, 2,') == '{"a": [1, 2]}'


def test_empty_body_and_missing_parts_use_the_defaults():
    req = read_export_body(b"")
    assert req.qname is None and req.encoded is None and req.rows.limit is None
    req = read_export_body(b'{"pageSpecification": {"offset": 5, "limit": 10}}')
    assert (req.rows.offset, req.rows.limit) == (5, 10)


@pytest.mark.parametrize("raw", [b"[1, 2]", b'{"action": 3}', b'{"state": "x"}', b'{"paramValues": 1}',
                                 b'{"pageSpecification": [{}, {}, {}]}', b'{"a": "\\u0000"}',
                                 b'{"pageSpecification": [{"limit": 1e400}]}'])
def test_malformed_bodies_are_400(raw):
    with pytest.raises(BadRequest):
        read_export_body(raw)
