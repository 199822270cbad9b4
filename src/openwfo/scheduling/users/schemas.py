"""Wire shapes of the User API and of a person's views."""

from __future__ import annotations

from ..wire import Body, Id


class UserRead(Body):
    id: int
    user_id: str  # the login name (email), as the session JSON calls it
    email: str
    first_name: str
    last_name: str
    display_id: str | None = None
    acd_id: str | None = None
    acd_server_id: int | None = None
    enabled_for_scheduling: bool
    deactivated: bool


class PersonViewItem(Body):
    view_id: Id
    name: str | None = None  # read-only
    main_view: bool = False


class PersonViewsRead(Body):
    person_id: int
    views: list[PersonViewItem]


class PersonViewsUpdate(Body):
    """The views a person holds, replacing the ones they had; one is the main view (the first when
    none is marked)."""

    views: list[PersonViewItem]
