"""Text Hits API (GET /api/rest/cas/textview), Speech Hits API (GET /api/rest/cas/contact) and the
Transcript Export API (PUT, and GET, /api/rest/cas/speechtextview)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ...auth.deps import DbSession, Requires
from ...kit.violations import Violations
from ...kit.wire import MAX_ID
from .. import views
from ..speech import service as speech

router = APIRouter(tags=["analytics"])
ViewAnalytics = Requires("View Audio Analytics")
TranscriptReader = Requires("Administer Speech to Text Analytics")
SpeechAdmin = Requires("Administer Speech to Text Analytics")
_CCRID_PARAM = [{"name": "ccrid", "in": "query", "required": True, "schema": {"type": "integer", "minimum": 0},
                 "description": "the contact (call completion record) id; CCRID and ccrId are accepted too"}]


def _param(values: dict, names: tuple[str, ...]):
    low = {str(k).lower(): v for k, v in values.items()}
    for n in names:
        if n.lower() in low:
            return low[n.lower()]
    return None


def _ccrid(values: dict, v: Violations) -> int | None:
    raw = _param(values, ("ccrid", "contactId", "id"))
    if raw is None or raw == "":
        v.add("ccrid", "is required")
        return None
    if isinstance(raw, str) and raw.strip().isdecimal():
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_ID:
        v.add("ccrid", "must be a contact id")
        return None
    return raw


def _is_root(values: dict, v: Violations) -> bool | None:
    raw = _param(values, ("isRootRecording",))
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false", "1", "0"):
        return raw.strip().lower() in ("true", "1")
    v.add("isRootRecording", "must be true or false")
    return None


@router.get("/api/rest/cas/textview", summary="Text hits of a text contact", openapi_extra={"parameters": _CCRID_PARAM})
def text_view(request: Request, principal: ViewAnalytics, db: DbSession) -> dict:
    """The text contact (emailBody, subject, sender, receiver, agent, team, group) with every phrase hit
    (`position` and `length` in the body, phrase, category)."""
    v = Violations("request")
    cid = _ccrid(dict(request.query_params), v)
    v.raise_if_any()
    return views.text_view(db, principal, cid)


@router.get("/api/rest/cas/contact", summary="Speech hits of a contact", openapi_extra={"parameters": _CCRID_PARAM})
def speech_hits(request: Request, principal: ViewAnalytics, db: DbSession) -> dict:
    """The phrases spotted in the contact's audio (start/stop ms from the contact's start, confidence
    0-100, channel 0 agent / 1 customer, category) and the agent's names, team and group."""
    v = Violations("request")
    cid = _ccrid(dict(request.query_params), v)
    v.raise_if_any()
    return views.speech_hits(db, principal, cid)


async def _transcript(request: Request, principal, db, values: dict) -> dict:
    v = Violations("request")
    cid = _ccrid(values, v)
    root = _is_root(values, v)
    v.raise_if_any()
    return await run_in_threadpool(views.transcript, db, principal, cid, root)


@router.put("/api/rest/cas/speechtextview", summary="Transcript of a call",
            openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"ccrid": {"type": "integer"},
                                                 "isRootRecording": {"type": ["boolean", "string"]}}}}}}})
async def transcript_put(request: Request, principal: TranscriptReader, db: DbSession) -> dict:
    """`{ccrid, isRootRecording}` → `{"texts": [{text, channel, start, end, words, hits}]}`, one entry per
    utterance; an empty `texts` when there is no transcript."""
    raw = await request.body()
    v = Violations("request")
    try:
        body = json.loads(raw.decode("utf-8-sig")) if raw.strip() else {}
    except ValueError:
        body = None
    if not isinstance(body, dict):
        v.add("body", "must be a JSON object {ccrid, isRootRecording}")
        v.raise_if_any()
    merged = {**dict(request.query_params), **body}
    return await _transcript(request, principal, db, merged)


@router.get("/api/rest/cas/speechtextview", summary="Transcript of a call (query parameters)",
            openapi_extra={"parameters": [*_CCRID_PARAM, {"name": "isRootRecording", "in": "query",
                                                          "schema": {"type": "string"}}]})
async def transcript_get(request: Request, principal: TranscriptReader, db: DbSession) -> dict:
    """As PUT, with ccrid and isRootRecording as query parameters."""
    return await _transcript(request, principal, db, dict(request.query_params))


@router.post("/api/rest/cas/speech/analyze", tags=["extension"], status_code=202,
             summary="Queue speech analysis of contacts (extension)")
async def analyze_speech(request: Request, principal: SpeechAdmin, db: DbSession) -> dict:
    """`{"ccrids": [...]}` (or `?ccrid=`): transcription, speech hits and silence/talk-over run again as
    background jobs; answers the jobs to watch at /api/rest/jobs/{id}."""
    raw = await request.body()
    try:
        body = json.loads(raw.decode("utf-8-sig")) if raw.strip() else {}
    except ValueError:
        body = None
    v = Violations("request")
    ids = body.get("ccrids") if isinstance(body, dict) else None
    if ids is None:
        one = _ccrid({**dict(request.query_params), **(body if isinstance(body, dict) else {})}, v)
        ids = [one] if one is not None else []
    elif not isinstance(ids, list) or not ids or len(ids) > 10_000 or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i <= MAX_ID for i in ids):
        v.add("ccrids", "must be a list of 1 to 10,000 contact ids")
    v.raise_if_any()
    return await run_in_threadpool(_queue, db, principal, ids)


def _queue(db, principal, ids: list[int]) -> dict:
    visible = [views.get_visible_contact(db, principal, i).id for i in ids]
    jobs = speech.request_analysis(db, visible, requested_by=principal.person_id)
    return {"jobs": [{"id": j, "statusUrl": f"/api/rest/jobs/{j}"} for j in jobs], "contacts": len(visible)}
