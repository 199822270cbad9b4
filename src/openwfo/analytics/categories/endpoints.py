"""Categories and Phrases API: /api/rest/cas/phraselist (categories) and /api/rest/cas/phrase."""

from __future__ import annotations

import json

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...kit.wire import MAX_ID
from ..text_hits.jobs import JOBS_INFO
from . import service
from .schemas import DeletedOut, PhraseListIn, PhraseListOut

router = APIRouter(tags=["analytics"])
CATEGORIES = "/api/rest/cas/phraselist"
PHRASES = "/api/rest/cas/phrase"
AdminAnalytics = Requires("Admin Desktop Analytics", "Admin Audio Analytics", "Admin LVCSR Analytics",
                          "Admin Text Analytics", "Administer Tenant IT")
_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": PhraseListIn.model_json_schema(by_alias=True)}}}}


async def _json(request: Request):
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8-sig")) if raw.strip() else None
    except ValueError as exc:
        raise BadRequest(f"Malformed JSON body: {exc}") from None


@router.get(CATEGORIES, response_model=PhraseListOut, summary="Read categories and phrases")
def read_categories(principal: AdminAnalytics, db: DbSession,
                    id: int | None = Query(None, ge=0, le=MAX_ID, description="one category and its phrases")):  # noqa: A002
    """Every category with every phrase (or one category with its phrases), and the default confidence."""
    return service.read(db, category_id=id)


@router.get(PHRASES, response_model=PhraseListOut, summary="Read phrases")
def read_phrases(principal: AdminAnalytics, db: DbSession,
                 id: int | None = Query(None, ge=0, le=MAX_ID, description="one phrase"),  # noqa: A002
                 categoryId: int | None = Query(None, ge=0, le=MAX_ID, description="the phrases of one category")):  # noqa: N803
    """Phrases with their categories (all, one phrase, or one category's)."""
    if id is not None:
        return service.read(db, phrase_id=id)
    return service.read(db, category_id=categoryId)


JOBS_HEADER = "X-OpenWFO-Jobs"  # the re-analysis jobs a change queued (ids, comma separated; jobs API)


async def _write(request: Request, response: Response, db, kind: str, create: bool) -> dict:
    body = service.parse_body(await _json(request), kind)
    out = await run_in_threadpool(service.create if create else service.update, db, body)
    jobs = db.info.get(JOBS_INFO)
    if jobs:
        response.headers[JOBS_HEADER] = ",".join(str(j) for j in jobs)
    return out


@router.post(CATEGORIES, response_model=PhraseListOut, summary="Create categories (and their phrases)",
             openapi_extra=_BODY)
async def create_categories(request: Request, response: Response, principal: AdminAnalytics, db: DbSession):
    """One category object, a list of them, or the GET shape; phrases may be embedded in a category."""
    return await _write(request, response, db, "phraselist", True)


@router.put(CATEGORIES, response_model=PhraseListOut, summary="Update categories (and their phrases)",
            openapi_extra=_BODY)
async def update_categories(request: Request, response: Response, principal: AdminAnalytics, db: DbSession):
    """Categories by id get the fields given; embedded phrases with an id are updated, without one created."""
    return await _write(request, response, db, "phraselist", False)


@router.post(PHRASES, response_model=PhraseListOut, summary="Create phrases", openapi_extra=_BODY)
async def create_phrases(request: Request, response: Response, principal: AdminAnalytics, db: DbSession):
    """One phrase object, a list of them, or the GET shape; each names its category (categoryId or category)."""
    return await _write(request, response, db, "phrase", True)


@router.put(PHRASES, response_model=PhraseListOut, summary="Update phrases", openapi_extra=_BODY)
async def update_phrases(request: Request, response: Response, principal: AdminAnalytics, db: DbSession):
    """Phrases by id get the fields given (a phrase without id is created)."""
    return await _write(request, response, db, "phrase", False)


@router.delete(CATEGORIES, response_model=DeletedOut, summary="Delete a category and its phrases")
def delete_category(principal: AdminAnalytics, db: DbSession,
                    id: int = Query(..., ge=0, le=MAX_ID, description="the category")):  # noqa: A002
    """Deletes the category, its phrases and their hits; answers {"deleted": 1} (404 if unknown)."""
    return service.delete_category(db, id)


@router.delete(PHRASES, response_model=DeletedOut, summary="Delete a phrase")
def delete_phrase(principal: AdminAnalytics, db: DbSession,
                  id: int = Query(..., ge=0, le=MAX_ID, description="the phrase")):  # noqa: A002
    """Deletes the phrase and its hits; answers {"deleted": 1} (404 if unknown)."""
    return service.delete_phrase(db, id)
