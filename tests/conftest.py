"""Test fixtures: the app on a real database (SQLite or PostgreSQL, chosen by OPENWFO_TEST_DB),
one store per test process, and a fresh tenant per test so tests never see each other's data."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from openwfo.app import create_app
from openwfo.config import Settings
from openwfo.kit.clock import clock
from openwfo.migrate import migrate

from .factories import Factory

TEST_DB = os.environ.get("OPENWFO_TEST_DB", "sqlite")
PG_ADMIN_URL = os.environ.get("OPENWFO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("OPENWFO_TEST_REDIS", "redis://127.0.0.1:6379/0")


# What runs on both stores. `make test` runs the whole suite on the embedded default (SQLite) and,
# on PostgreSQL, the tests whose outcome can depend on the store: migrations and the schema, tenant
# isolation, concurrency and processes sharing a store, repositories with store-specific SQL (bulk
# Core writes, GLOB/LIKE searches, upserts, time arithmetic in SQL), and the areas whose contract
# says "on both stores". API rules, parsing, media, the CLI and fuzzing are store-independent and
# run once. A test elsewhere that needs PostgreSQL too is marked `@pytest.mark.both_stores`.
# OPENWFO_TEST_ALL_STORES=1 runs everything on PostgreSQL as well.
BOTH_STORES = (
    "tests/foundation/",
    "tests/analytics/",
    "tests/imports/",
    "tests/recording/test_search",
    "tests/recording/test_bulk_import.py",
    "tests/recording/test_realtime_import.py",
    "tests/recording/test_media_energy.py",
    "tests/recording/test_retention.py",
    "tests/recording/evaluations/",
    "tests/recording/controls/",
    "tests/org/test_compat",
    "tests/org/test_security_hardening.py",
    "tests/org/test_persons.py",
    "tests/scheduling/schedules/",
    "tests/scheduling/realtime/",
    "tests/scheduling/historical/",
    "tests/scheduling/test_cross_area.py",
    "tests/storage/",
    "tests/reports/",
    "tests/planning/",
)


def pytest_collection_modifyitems(config, items):
    if TEST_DB != "postgresql" or os.environ.get("OPENWFO_TEST_ALL_STORES") == "1":
        return
    root = Path(str(config.rootpath))
    keep, drop = [], []
    for item in items:
        rel = Path(str(item.path)).relative_to(root).as_posix()
        both = rel.startswith(BOTH_STORES) or item.get_closest_marker("both_stores") is not None
        (keep if both else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _pg_url(dbname: str) -> str:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return base.replace("postgresql://", "postgresql+psycopg://", 1) + "/" + dbname


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, empty store for this test process."""
    if TEST_DB == "postgresql":
        import psycopg

        name = f"openwfo_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield _pg_url(name)
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("store") / "openwfo.db"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def settings(database_url, data_dir) -> Settings:
    # Every test client shares one address, so the per-address lock is raised out of the way here
    # (its own test builds an app with a low limit).
    return Settings(data_dir=data_dir, database_url=database_url, login_address_max_failures=1_000_000, job_threads=4)


@pytest.fixture(scope="session")
def app(settings):
    application = create_app(settings, run_migrations=False)
    migrate(application.state.database)
    application.state.jobs.recover()
    yield application
    application.state.jobs.close()
    application.state.database.dispose()


@pytest.fixture
def client(app) -> TestClient:
    """A client with its own cookie jar (the app's lifespan already ran)."""
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def new_client(app):
    """Make more independent clients (several users in one test)."""
    return lambda: TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def factory(app) -> Factory:
    return Factory(app.state.database)


@pytest.fixture
def tenant(factory):
    """A fresh tenant with its defaults and a logged-in-able administrator (factory.admin_email)."""
    return factory.tenant()


@pytest.fixture
def admin_client(client, factory, tenant):
    """A client logged in as the tenant's System Administrator."""
    factory.login(client, tenant.admin_email, factory.PASSWORD, tenant_id=tenant.id)
    return client


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.reset()


@pytest.fixture
def tmp_dir():
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)
