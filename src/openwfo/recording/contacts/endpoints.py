"""Contact API (search, one contact, its $ref resources, playback) and Contact Basic Search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...auth import permissions as perms
from ...auth.deps import CurrentPrincipal, DbSession, Requires
from ...errors import Forbidden
from ...kit.responses import JSON
from ...kit.wire import Id, IdPath
from ..deps import get_storage
from ..media.redaction import playable
from . import service
from .playback import stream_object
from .schemas import BasicSearchRead, ContactRead, EventRead, MediaRead, MetadataValue, SearchStats
from .search import SearchParams

router = APIRouter(tags=["recording"])
SearchContacts = Requires("Search Contacts")
_SEARCH = perms.ids_of("Search Contacts")
EditMetadata = Requires("Administer QM", "Evaluate Contacts")
BASE = "/api/rest/recording/contact"
_WILD = "with * and ? wildcards; repeat to OR-combine"
_FLAG = "true/false or 1/0"
_SHAPE = "event, metadata, metadata.<key> or eventCalculations (repeatable)"


@router.get(BASE, response_model=list[ContactRead] | SearchStats, summary="Search contacts",
            responses={200: {"headers": {"Content-Range": {"description": "items A-B/TOTAL when Range was sent",
                                                           "schema": {"type": "string"}}}}})
def search_contacts(
    request: Request, principal: CurrentPrincipal, db: DbSession,
    agent: list[Id] = Query([], description="person id (the parameter name is "
                                                                  "case-sensitive)"),
    ani: list[str] = Query([], max_length=64, description="calling number, " + _WILD),
    assocCallId: list[str] = Query([], max_length=52, description="associated call id"),  # noqa: N803
    beginDate: str | None = Query(None, max_length=10, description="YYYY-MM-DD (GMT); default 60 days before endDate or today"),  # noqa: N803
    beginTime: str | None = Query(None, max_length=15, description="HH:MM or HH:MM:SS with beginDate"),  # noqa: N803
    endDate: str | None = Query(None, max_length=10, description="YYYY-MM-DD (GMT): contacts that start before it "
                                "(exclusive; the same date as beginDate means that whole day)"),  # noqa: N803
    endTime: str | None = Query(None, max_length=15, description="HH:MM or HH:MM:SS with endDate (exclusive)"),  # noqa: N803
    canEvaluate: str | None = Query(None, max_length=5, description="contacts the caller may evaluate, " + _FLAG),  # noqa: N803
    contactType: list[str] = Query([], max_length=40, description="CALL, EMAIL or TEXT (chat, social, website, other); "  # noqa: N803
                                   "repeat to OR-combine"),
    dateEvaluatedStart: str | None = Query(None, max_length=10, description="YYYY-MM-DD: evaluated on or after"),  # noqa: N803
    dateEvaluatedEnd: str | None = Query(None, max_length=10, description="YYYY-MM-DD: evaluated before (exclusive)"),  # noqa: N803
    dnis: list[str] = Query([], max_length=64, description="called number, " + _WILD),
    evalState: list[str] = Query([], max_length=80, description="scored, inProgress, needsApproval, approved or "  # noqa: N803
                                 "unscored; repeat to OR-combine"),
    exclude: list[str] = Query([], max_length=80, description="turn into $ref links: " + _SHAPE),
    expand: list[str] = Query([], max_length=80, description="embed instead of $ref links: " + _SHAPE),
    firstName: list[str] = Query([], max_length=200, description="agent's first name, " + _WILD),  # noqa: N803
    group: list[Id] = Query([], description="group id"),
    hasRecording: str | None = Query(None, max_length=5, description="only contacts with (true) or without (false) a recording"),  # noqa: N803
    hasTranscription: str | None = Query(None, max_length=5, description="only contacts with (true) or without (false) a transcript"),  # noqa: N803
    hr: str | None = Query(None, max_length=5, description=_FLAG),
    sentimentBelow: float | None = Query(None, ge=-1, le=1, description="sentiment (analytics, -1..1) below this"),  # noqa: N803
    sentimentAbove: float | None = Query(None, ge=-1, le=1, description="sentiment (analytics, -1..1) above this"),  # noqa: N803
    category: list[Id] = Query([], description="analytics category id: contacts with a text or speech hit of it "
                               "(extension); repeat to OR-combine"),
    phrase: list[Id] = Query([], description="analytics phrase id: contacts with a text or speech hit of it "
                             "(extension); repeat to OR-combine"),
    inProgress: str | None = Query(None, max_length=5, description="evaluation in progress, " + _FLAG),  # noqa: N803
    lastName: list[str] = Query([], max_length=200, description="agent's last name, " + _WILD),  # noqa: N803
    line: list[str] = Query([], max_length=64, description="agent extension, " + _WILD),
    metadata: list[str] = Query([], max_length=2200, description="key, or key~equals|beginsWith|endsWith|contains~value; repeat to OR-combine"),
    needsApproval: str | None = Query(None, max_length=5, description=_FLAG),  # noqa: N803
    number: list[str] = Query([], max_length=64, description="ANI, DNIS or line, " + _WILD),
    reason: list[str] = Query([], max_length=40, description="recorded, quality, archive or tagged; repeat to OR-combine"),
    scored: str | None = Query(None, max_length=5, description=_FLAG),
    searchScope: str | None = Query(None, max_length=20, description="allEvaluations (default), myEvaluations "  # noqa: N803
                                    "(contacts the caller evaluated) or myContacts (the caller's own)"),
    searchStats: str | None = Query(None, max_length=5, description="true: answer only {count} of the matches"),  # noqa: N803
    silenceDuration: int | None = Query(None, ge=0, le=2**40, description="a silence event of at least this many ms"),  # noqa: N803
    silenceEvents: int | None = Query(None, ge=0, le=2**31, description="at least this many silence events"),  # noqa: N803
    tagged: str | None = Query(None, max_length=5, description=_FLAG),
    talkOverDuration: int | None = Query(None, ge=0, le=2**40, description="a talk-over event of at least this many ms"),  # noqa: N803
    talkOverEvents: int | None = Query(None, ge=0, le=2**31, description="at least this many talk-over events"),  # noqa: N803
    team: list[Id] = Query([], description="team id"),
    training: str | None = Query(None, max_length=5, description=_FLAG),
    type: str | None = Query(None, max_length=20, description="quality or archive"),
    limit: int = Query(100, ge=1, description="how many contacts (default 100; no upper bound: the answer is streamed)"),
    offset: int = Query(0, ge=0, le=2**53, description="skip this many results (paging)"),
):
    """Contacts in scope matching every parameter, newest first. A `Range: items=A-B` header (as Dojo
    stores send it) answers exactly that slice with `Content-Range: items A-B/TOTAL` (limit and offset
    beside it are ignored); `searchStats=true` answers only `{"count": N}`. Without Search Contacts, a
    person may still list their own evaluated contacts (`searchScope=myContacts`): the evaluations they
    acknowledge or dispute."""
    own_evaluated = not (_SEARCH & principal.permission_ids)
    if own_evaluated and searchScope != "myContacts":
        raise Forbidden("Permission required: Search Contacts (or searchScope=myContacts for your own "
                        "evaluated contacts)")
    params = SearchParams(
        agent=agent, ani=ani, assoc_call_id=assocCallId, begin_date=beginDate, begin_time=beginTime, end_date=endDate,
        end_time=endTime, can_evaluate=canEvaluate, dnis=dnis, first_name=firstName, last_name=lastName, group=group,
        team=team, has_recording=hasRecording, hr=hr, in_progress=inProgress, needs_approval=needsApproval,
        scored=scored, tagged=tagged, training=training, line=line, metadata=metadata, number=number,
        silence_duration=silenceDuration, silence_events=silenceEvents, talkover_duration=talkOverDuration,
        talkover_events=talkOverEvents, type=type, contact_type=contactType, has_transcription=hasTranscription,
        sentiment_below=sentimentBelow, sentiment_above=sentimentAbove, category=category, phrase=phrase,
        eval_state=evalState, date_evaluated_start=dateEvaluatedStart, date_evaluated_end=dateEvaluatedEnd,
        search_scope=searchScope, reason=reason, limit=limit, offset=offset, own_evaluated_only=own_evaluated)
    return service.search_answer(request.app.state.database, db, principal, params, expand, exclude,
                                 request.headers.get("range") or request.headers.get("x-range"), searchStats)


@router.get(BASE + "/{contact_id}", response_model=ContactRead, summary="Read one contact")
def read_contact(contact_id: IdPath, principal: SearchContacts, db: DbSession,
                 expand: list[str] = Query([], max_length=80, description="embed instead of $ref links: " + _SHAPE),
                 exclude: list[str] = Query([], max_length=80, description="turn into $ref links: " + _SHAPE)):
    """One contact; an unknown id or one outside the caller's scope is 404."""
    return JSON(service.read_contact(db, principal, contact_id, expand, exclude))


@router.get(BASE + "/{contact_id}/metadata", response_model=dict[str, MetadataValue],
            summary="Read a contact's metadata")
def read_contact_metadata(contact_id: IdPath, principal: SearchContacts, db: DbSession):
    """The contact's custom metadata: under each name, {"key": name, "value": value}."""
    return service.read_metadata(db, principal, contact_id)


@router.put(BASE + "/{contact_id}/metadata", summary="Replace a contact's metadata", response_class=Response,
            responses={200: {"description": "replaced (empty body)"}})
def replace_contact_metadata(contact_id: IdPath, principal: EditMetadata, db: DbSession,
                             body: dict[str, Any] = Body(..., description="{name: value} or {name: {key, value}}")):
    """Replace every metadata value of the contact (fields are created on first use); 200, empty body."""
    service.replace_metadata(db, principal, contact_id, body)
    return Response(status_code=200)


@router.get(BASE + "/{contact_id}/metadata/{key}", response_model=MetadataValue, summary="Read one metadata value")
def read_contact_metadata_key(contact_id: IdPath, key: str, principal: SearchContacts, db: DbSession):
    """One metadata value as {"key": name, "value": value} (what metadata.<name> expands to)."""
    return service.read_metadata_key(db, principal, contact_id, key)


@router.put(BASE + "/{contact_id}/metadata/{key}", response_model=MetadataValue, summary="Set one metadata value")
def write_contact_metadata_key(contact_id: IdPath, key: str, principal: EditMetadata, db: DbSession,
                               body: dict[str, Any] = Body(..., description="{name: value} or {key, value}")):
    """Set one metadata value; the body is {name: value}, {name: {key, value}} or {key, value}."""
    return service.write_metadata_key(db, principal, contact_id, key, body)


@router.delete(BASE + "/{contact_id}/metadata/{key}", summary="Delete one metadata value")
def delete_contact_metadata_key(contact_id: IdPath, key: str, principal: EditMetadata, db: DbSession) -> dict:
    """Remove one metadata value from the contact."""
    service.delete_metadata_key(db, principal, contact_id, key)
    return {}


@router.get(BASE + "/{contact_id}/event", response_model=list[EventRead], summary="List a contact's events")
def list_contact_events(contact_id: IdPath, principal: SearchContacts, db: DbSession):
    """Silence, talk-over and pause events, offsets in ms from the contact's start."""
    return service.list_events(db, principal, contact_id)


@router.get(BASE + "/{contact_id}/media", response_model=list[MediaRead], summary="List a contact's recordings",
            tags=["recording", "extension"])
def list_contact_media(contact_id: IdPath, principal: SearchContacts, db: DbSession):
    """The stored recordings (audio, screen, combined) with their offsets from the contact's start."""
    return service.list_media(db, principal, contact_id)


@router.get(BASE + "/{contact_id}/recording", summary="Play a contact's recording",
            response_class=Response,
            responses={200: {"content": {"audio/wav": {}, "audio/webm": {}, "video/webm": {}, "audio/ogg": {},
                                         "video/x-ms-wmv": {}}},
                       206: {"description": "the requested byte range"}, 416: {"description": "range not satisfiable"}})
async def play_contact_recording(contact_id: IdPath, request: Request, principal: SearchContacts, db: DbSession,
                                 media: str | None = Query(None, max_length=20,
                                                           description="audio (default), screen, or a media id")):
    """The recording's bytes; honours Range requests (206) so players can seek."""
    pick = await run_in_threadpool(service.media_for_playback, db, principal, contact_id, media)
    store, key, ctype = await run_in_threadpool(playable, db, get_storage(request), pick)  # pauses silenced
    return stream_object(store, key, ctype, request.headers.get("range"))


@router.get("/api/rest/recording/contactBasicSearch", response_model=BasicSearchRead,
            summary="The most recent matching contact")
def contact_basic_search(request: Request, principal: SearchContacts, db: DbSession,
                         ani: str | None = Query(None, max_length=64, description="calling number"),
                         dnis: str | None = Query(None, max_length=64, description="called number"),
                         firstName: str | None = Query(None, max_length=200, description="agent's first name"),  # noqa: N803
                         lastName: str | None = Query(None, max_length=200, description="agent's last name"),  # noqa: N803
                         username: str | None = Query(None, max_length=320, description="agent's email")):
    """The most recent contact (possibly in progress) matching all given values; 404 when none."""
    return JSON(service.basic_search(db, principal, ani, dnis, firstName, lastName, username, str(request.base_url)))
