"""Import test helpers: uploading CSV text, reading stored persons, clients with chosen scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openwfo.auth import permissions as perms
from openwfo.models import Group, Person, Team


def upload(client, kind: str, text: str | bytes, filename: str = "file.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(f"/api/upload/{kind}", files={"file": (filename, data, "text/csv")})


@pytest.fixture
def store(app, tenant):
    """Read the test tenant's rows straight from the store."""

    class Store:
        def session(self):
            return app.state.database.session(tenant.id)

        def person(self, email: str) -> Person | None:
            with self.session() as db:
                p = db.scalar(select(Person).where(Person.email == email))
                if p is not None:
                    # load what tests look at before the session closes
                    p.roles, p.scope_groups, p.scope_teams, p.views, p.team  # noqa: B018
                return p

        def group(self, name: str) -> Group | None:
            with self.session() as db:
                return db.scalar(select(Group).where(Group.name == name))

        def team(self, name: str) -> Team | None:
            with self.session() as db:
                return db.scalar(select(Team).where(Team.name == name))

        def count_persons(self) -> int:
            with self.session() as db:
                return len(db.scalars(select(Person.id)).all())

    return Store()


@pytest.fixture
def login_as(factory, new_client, tenant):
    """A client logged in as a new person with the named permissions and scope."""

    def make(*permission_names: str, scope_groups=(), scope_teams=(), scope_all: bool = False, language=None):
        role = factory.role(tenant.id, perms.ids_of(*permission_names)) if permission_names else "agent"
        person = factory.person(tenant.id, role=role, scope_groups=scope_groups, scope_teams=scope_teams,
                                scope_all=scope_all)
        client = new_client()
        body = {"userId": person.email, "password": factory.PASSWORD, "tenantId": str(tenant.id)}
        if language:
            body["language"] = language
        assert client.post("/api/rest/authorize", json=body).status_code == 200
        client.person = person
        return client

    return make
