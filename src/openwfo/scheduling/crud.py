"""The shape shared by the simple WFM configuration resources (extension): ACD servers, DNs,
exceptions, exception types, work shifts and service queue types.

`Crud` is the service side of a model whose rules fit one `apply(db, row, body, creating)` (which
raises the 400 of every violation): list, get (404 "<label> <id> does not exist"), create, update
(fields left out keep their value), delete (after an optional guard that raises). Services never
commit. `crud_router` mounts the five endpoints of such a resource: GET/POST on the collection,
GET/PUT/DELETE on the item, each with its summary and one-line description.

(No `from __future__ import annotations` here: the endpoint functions are built at run time and
FastAPI reads their annotations as objects.)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Path
from sqlalchemy.orm import Session

from ..auth.deps import DbSession, Requires
from ..errors import NotFound
from .rules import Violations, check_name, name_taken
from .wire import MAX_INT64

READER = ("Administer WFM", "Plan Schedules", "Edit Schedules")
ADMIN = ("Administer WFM",)


@dataclass(frozen=True)
class Crud:
    label: str  # how a 404 names the thing: "ACD server"
    new: Callable[[], Any]  # a blank row to apply a create body to
    list_all: Callable[[Session], list]
    get_row: Callable[[Session, int], Any]
    to_read: Callable[[Any], Any]
    apply: Callable[[Session, Any, Any, bool], None]
    guard_delete: Callable[[Session, Any], None] | None = None

    def list(self, db: Session) -> list:
        return [self.to_read(row) for row in self.list_all(db)]

    def get(self, db: Session, row_id: int) -> Any:
        row = self.get_row(db, row_id)
        if row is None:
            raise NotFound(f"{self.label} {row_id} does not exist")
        return row

    def read(self, db: Session, row_id: int) -> Any:
        return self.to_read(self.get(db, row_id))

    def create(self, db: Session, body) -> Any:
        row = self.new()
        self.apply(db, row, body, True)
        db.add(row)
        db.flush()
        return self.to_read(row)

    def update(self, db: Session, row_id: int, body) -> Any:
        row = self.get(db, row_id)
        self.apply(db, row, body, False)
        db.flush()
        return self.to_read(row)

    def delete(self, db: Session, row_id: int) -> None:
        row = self.get(db, row_id)
        if self.guard_delete is not None:
            self.guard_delete(db, row)
        db.delete(row)
        db.flush()


def apply_unique_name(v: Violations, db: Session, model: type, row, body, creating: bool, max_len: int = 100) -> None:
    """The `name` rule of these resources: required on create (kept when left out of an update),
    trimmed, not empty, at most max_len characters, unique ignoring case."""
    if creating or "name" in body.model_fields_set:
        name = check_name(v, "name", body.name, max_len=max_len)
        if name and name_taken(db, model, name, row.id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            row.name = name


class Operations(Protocol):
    """What `crud_router` calls; `Crud` is one, a resource with rules of its own can bring another."""

    def list(self, db: Session) -> list: ...
    def create(self, db: Session, body) -> Any: ...
    def read(self, db: Session, row_id: int) -> Any: ...
    def update(self, db: Session, row_id: int, body) -> Any: ...
    def delete(self, db: Session, row_id: int) -> None: ...


@dataclass(frozen=True)
class Docs:
    """(summary, description) of each endpoint."""

    list: tuple[str, str]
    create: tuple[str, str]
    read: tuple[str, str]
    update: tuple[str, str]
    delete: tuple[str, str]


def crud_router(*, path: str, id_param: str, ops: Operations, read_model: type, create_model: type,
                update_model: type, names: tuple[str, str], docs: Docs,
                tags: tuple[str, ...] = ("scheduling", "extension"), list_tags: tuple[str, ...] | None = None,
                reader: tuple[str, ...] = READER, admin: tuple[str, ...] = ADMIN) -> APIRouter:
    """The router of a simple resource at `path` (item at `path/{id_param}`); `names` = (plural,
    singular) names the endpoint functions: list_<plural>, create_<singular>, read_<singular>, ..."""
    plural, singular = names
    Reader, Admin = Requires(*reader), Requires(*admin)
    ItemId = Annotated[int, Path(alias=id_param, ge=0, le=MAX_INT64, description="The id")]
    item = f"{path}/{{{id_param}}}"
    router = APIRouter()

    def list_(principal: Reader, db: DbSession):
        return ops.list(db)

    def create(body: create_model, principal: Admin, db: DbSession):
        return ops.create(db, body)

    def read(item_id: ItemId, principal: Reader, db: DbSession):
        return ops.read(db, item_id)

    def update(item_id: ItemId, body: update_model, principal: Admin, db: DbSession):
        return ops.update(db, item_id, body)

    def delete(item_id: ItemId, principal: Admin, db: DbSession) -> None:
        ops.delete(db, item_id)

    routes = (
        (path, "GET", list_, f"list_{plural}", list[read_model], docs.list, list_tags),
        (path, "POST", create, f"create_{singular}", read_model, docs.create, None),
        (item, "GET", read, f"read_{singular}", read_model, docs.read, None),
        (item, "PUT", update, f"update_{singular}", read_model, docs.update, None),
        (item, "DELETE", delete, f"delete_{singular}", None, docs.delete, None),
    )
    for route_path, method, fn, name, model, (summary, description), route_tags in routes:
        fn.__name__ = fn.__qualname__ = name
        fn.__doc__ = description
        extra = {} if model is None else {"response_model": model}
        router.add_api_route(route_path, fn, methods=[method], name=name, summary=summary, description=description,
                             tags=list(route_tags or tags), **extra)
    return router
