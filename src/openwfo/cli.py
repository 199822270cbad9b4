"""The `openwfo` command: serve | worker | migrate | admin create | demo."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
import threading
from pathlib import Path

from . import __version__


def _settings(args):
    from .config import Settings

    overrides = {}
    if getattr(args, "data_dir", None) is not None:
        overrides["data_dir"] = Path(args.data_dir)
    return Settings(**overrides)


def cmd_serve(args) -> int:
    import uvicorn

    from .app import create_app

    settings = _settings(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = create_app(settings)
    print(f"OpenWFO {__version__} serving on http://{args.host}:{args.port} (store: {_store_label(settings)})", flush=True)
    # What start-up made lives as long as the process: out of the cycle collector's reach, so that its
    # full collections (which large requests set off) walk only what requests make.
    gc.collect()
    gc.freeze()
    # Forwarded headers are read by OpenWFO itself, only from OPENWFO_TRUSTED_PROXIES (not uvicorn's defaults).
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
                proxy_headers=False)
    return 0


def cmd_worker(args) -> int:
    import dramatiq
    from dramatiq import Worker

    from .analytics.speech import service as _speech  # noqa: F401 - registers the speech analysis job
    from .db import Database
    from .jobs import builtin as _builtin  # noqa: F401 - registers job kinds
    from .jobs.dispatch import LeaseSweeper, setup_dramatiq
    from .jobs.runner import JobPolicy
    from .migrate import migrate
    from .recording.export import service as _export  # noqa: F401 - registers the contact export job
    from .recording.imports import upload_job as _upload  # noqa: F401 - registers the large-upload import job
    from .recording.retention import service as _retention  # noqa: F401 - registers the retention sweep
    from .reports import jobs as _reports  # noqa: F401 - registers the report export job
    from .storage import bind_storage
    from .storage import orphans as _orphans  # noqa: F401 - registers the orphaned-media sweep

    settings = _settings(args)
    url = settings.broker_url or settings.redis_url
    if not url:
        print("openwfo worker needs OPENWFO_BROKER_URL or OPENWFO_REDIS_URL (scale-out mode)", file=sys.stderr)
        return 2
    database = Database(settings)
    bind_storage(database, settings)
    migrate(database)
    policy = JobPolicy.of(settings)
    broker, actor = setup_dramatiq(database, url, settings.jobs_queue, policy)
    dramatiq.set_broker(broker)
    worker = Worker(broker, worker_threads=args.threads or settings.job_threads, worker_timeout=200)
    worker.start()
    # Jobs of a worker that died mid-run are re-claimed once their lease expires.
    sweeper = LeaseSweeper(database, policy, actor.send)
    sweeper.sweep()
    sweeper.start()
    print(f"OpenWFO worker running (queue {settings.jobs_queue!r}, {_store_label(settings)})", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    sweeper.stop()
    worker.stop()
    broker.close()
    return 0


def cmd_migrate(args) -> int:
    from .db import Database
    from .migrate import migrate

    settings = _settings(args)
    migrate(Database(settings))
    print(f"store is up to date ({_store_label(settings)})")
    return 0


def cmd_admin_create(args) -> int:
    from .db import Database
    from .migrate import migrate
    from .org.provision import get_or_create_tenant, upsert_administrator

    settings = _settings(args)
    database = Database(settings)
    migrate(database)
    with database.session() as db:
        tenant = get_or_create_tenant(db, args.tenant)
        person = upsert_administrator(db, tenant, args.email, args.password, args.first_name, args.last_name)
        print(f"administrator {person.email} (person {person.id}) in tenant {tenant.name!r} (tenant {tenant.id})")
    return 0


def cmd_demo(args) -> int:
    from .db import Database
    from .demo import DEMO_ADMIN, DEMO_PASSWORD, seed_demo
    from .migrate import migrate
    from .storage import bind_storage

    settings = _settings(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings)
    bind_storage(database, settings)
    migrate(database)
    tenant = seed_demo(database)
    database.dispose()
    url = f"http://{args.host}:{args.port}"
    print(f"""
OpenWFO demo — tenant {tenant.name!r} (id {tenant.id}) in {settings.data_dir}
  URL:      {url}   (API docs: {url}/docs)
  Login:    {DEMO_ADMIN} / {DEMO_PASSWORD}
  Try:      curl -c /tmp/owfo.cookies -H 'Content-Type: application/json' \\
              -d '{{"userId":"{DEMO_ADMIN}","password":"{DEMO_PASSWORD}"}}' {url}/api/rest/authorize
            curl -b /tmp/owfo.cookies {url}/api/rest/authorize
""", flush=True)
    if args.no_serve:
        return 0
    args.log_level = "info"
    return cmd_serve(args)


def cmd_demo_feed(args) -> int:
    import datetime as dt

    from sqlalchemy import select

    from .db import Database
    from .demo.realtime import replay_day
    from .migrate import migrate
    from .models import Tenant

    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"--date must be YYYY-MM-DD, not {args.date!r}", file=sys.stderr)
        return 2
    settings = _settings(args)
    database = Database(settings)
    migrate(database)
    with database.session() as db:
        tenant_id = db.scalar(select(Tenant.id).where(Tenant.name == args.tenant))
    if tenant_id is None:
        print(f"No tenant named {args.tenant!r} (run `openwfo demo --no-serve` first)", file=sys.stderr)
        return 1
    with database.session(tenant_id) as db:
        new = replay_day(db, day)
    database.dispose()
    print(f"Replayed {day.isoformat()} for {args.tenant!r}: {new} new agent state changes")
    return 0


def _store_label(settings) -> str:
    url = settings.resolved_database_url()
    return "SQLite " + url.split("///", 1)[-1] if url.startswith("sqlite") else url.split("@")[-1]


DEMO_TENANT_NAME = "Demo Contact Centre"  # demo.DEMO_TENANT, without importing the models here


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="openwfo", description="OpenWFO: a Calabrio ONE compatible WFO server.")
    p.add_argument("--version", action="version", version=f"openwfo {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("serve", help="create or migrate the store and serve the API (jobs run in-process)",
                       description="Create or migrate the store, serve the API, run background jobs in-process "
                                   "(or hand them to `openwfo worker` when OPENWFO_JOBS_BACKEND=dramatiq).")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    s.add_argument("--data-dir", default=None, help="data directory (default ./data, or OPENWFO_DATA_DIR)")
    s.add_argument("--log-level", default="info", help="uvicorn log level (default info)")
    s.set_defaults(func=cmd_serve)

    w = sub.add_parser("worker", help="run background jobs in this process (scale-out mode, Dramatiq)",
                       description="Run background jobs from the Dramatiq broker (OPENWFO_BROKER_URL or "
                                   "OPENWFO_REDIS_URL) against the shared store (OPENWFO_DATABASE_URL).")
    w.add_argument("--data-dir", default=None, help="data directory (default ./data, or OPENWFO_DATA_DIR)")
    w.add_argument("--threads", type=int, default=None, help="worker threads (default OPENWFO_JOB_THREADS)")
    w.set_defaults(func=cmd_worker)

    m = sub.add_parser("migrate", help="create or upgrade the store's schema and exit",
                       description="Apply every pending migration to the store and exit.")
    m.add_argument("--data-dir", default=None, help="data directory (default ./data, or OPENWFO_DATA_DIR)")
    m.set_defaults(func=cmd_migrate)

    a = sub.add_parser("admin", help="administer tenants and their administrators",
                       description="Administer tenants and their administrators.")
    asub = a.add_subparsers(dest="admin_command", metavar="ACTION")
    ac = asub.add_parser("create", help="create a tenant (if new) and a System Administrator in it",
                         description="Create the tenant if it does not exist (default roles, group, team and view) "
                                     "and a person in it with the System Administrator role, tenant-wide scope and "
                                     "every permission. Run again to reset that person's password.")
    ac.add_argument("--tenant", required=True, help="tenant name")
    ac.add_argument("--email", required=True, help="the administrator's login (email)")
    ac.add_argument("--password", required=True, help="the administrator's password")
    ac.add_argument("--first-name", default="System", help="first name (default System)")
    ac.add_argument("--last-name", default="Administrator", help="last name (default Administrator)")
    ac.add_argument("--data-dir", default=None, help="data directory (default ./data, or OPENWFO_DATA_DIR)")
    ac.set_defaults(func=cmd_admin_create)
    a.set_defaults(func=lambda args: (a.print_help(), 2)[1])

    d = sub.add_parser("demo", help="seed a demo contact centre and serve it",
                       description="Seed a realistic demo tenant into the data directory (idempotent) and serve it.")
    d.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    d.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    d.add_argument("--data-dir", default="./demo-data", help="data directory (default ./demo-data)")
    d.add_argument("--no-serve", action="store_true", help="seed only, do not start the server")
    d.set_defaults(func=cmd_demo)

    f = sub.add_parser("demo-feed", help="replay a simulated ACD feed of agent states for a date",
                       description="Replay a realistic day of agent state changes for the demo agents' shifts "
                                   "dated --date (up to now for today); running it again adds nothing.")
    f.add_argument("--date", required=True, help="shift date, YYYY-MM-DD")
    f.add_argument("--tenant", default=DEMO_TENANT_NAME, help=f"tenant name (default {DEMO_TENANT_NAME!r})")
    f.add_argument("--data-dir", default="./demo-data", help="data directory (default ./demo-data)")
    f.set_defaults(func=cmd_demo_feed)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
