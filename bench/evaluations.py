"""Evaluations at scale: 1,000,000 contacts, 200,000 evaluations, on SQLite and PostgreSQL.

- Contact search with evalState=scored, a 30-day date window and a team (and the same on the
  evaluated-date window), through the service, beside the hand-written SQL of the same query in
  the same run. Target: p95 < 150 ms.
- Per-team (and per-agent) averages by form section over the 200,000 evaluations. Target: < 1 s.

Run: `python -m bench.evaluations` (env BENCH_CONTACTS, default 1,000,000; BENCH_EVALUATIONS,
default 200,000; BENCH_RUNS, default 30; BENCH_STORES, default "sqlite,postgresql"; BENCH_PG).
The contacts are loaded with the indexes dropped and rebuilt afterwards (as a bulk load would);
the evaluations go through the same bulk writer as the demo data (scored by the form's rules).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
import uuid

from sqlalchemy import text

from .common import scratch_store, write_result

N = int(os.environ.get("BENCH_CONTACTS", "1000000"))
EVALS = int(os.environ.get("BENCH_EVALUATIONS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
STORES = os.environ.get("BENCH_STORES", "sqlite,postgresql").split(",")
DAYS, TEAMS, AGENTS = 365, 20, 200
DAY = 86_400_000
COLS = ("id", "tenant_id", "start_ms", "tz", "duration_ms", "ani", "dnis", "line", "call_id", "person_id", "team_id",
        "group_id", "contact_type", "audio_uploaded", "has_recording", "screen_uploaded", "is_complete",
        "silence_events", "silence_max_ms", "talkover_events", "talkover_max_ms", "hr", "training", "scored",
        "needs_approval", "eval_in_progress", "approved", "tagged", "is_root", "reconciled", "source", "created_ms",
        "updated_ms", "medium", "has_transcription")

FORM = {"name": "Bench form", "bandRanges": [{"band": 1, "begin": 0, "end": 60}, {"band": 2, "begin": 60, "end": 100}],
        "sections": [{"name": f"Section {s}", "questions": [
            {"text": f"Question {s}.{q}", "options": [{"type": "KPI" if q == 0 else "ADDITIVE", "label": "Yes", "points": 10},
                                                      {"type": "ADDITIVE", "label": "Partly", "points": 5},
                                                      {"type": "ADDITIVE", "label": "No", "points": 0},
                                                      {"type": "NOTAPPLICABLE", "label": "N/A"}]}
            for q in range(2)]} for s in range(3)]}


def _setup_org(database):
    from openwfo.models import Group, Person, Team
    from openwfo.org.provision import create_tenant

    with database.session() as db:
        tid = create_tenant(db, f"bench-{uuid.uuid4().hex[:8]}").id
    with database.session(tid) as db:
        root = db.query(Group).filter(Group.is_root.is_(True)).one()
        groups = [Group(name=f"Group {g}", parent_id=root.id) for g in range(4)]
        db.add_all(groups)
        db.flush()
        teams = [Team(name=f"Team {t}", group_id=groups[t % 4].id) for t in range(TEAMS)]
        db.add_all(teams)
        db.flush()
        people = [Person(email=f"agent{i}@bench.test", first_name=f"First{i}", last_name=f"Last{i}",
                         team_id=teams[i % TEAMS].id) for i in range(AGENTS + 1)]
        db.add_all(people)
        db.flush()
        agents = [(p.id, p.team_id, teams[i % TEAMS].group_id) for i, p in enumerate(people)]
    return tid, agents[:-1], agents[-1][0]


def _contacts(tid: int, agents, now: int) -> list[tuple]:
    rng = random.Random(7)
    rows = []
    for i in range(1, N + 1):
        pid, team, group = agents[rng.randrange(len(agents))]
        start = now - rng.randrange(DAYS * DAY)
        rec = rng.random() < 0.9
        rows.append((i, tid, start, "UTC", rng.randint(10_000, 900_000), f"612{rng.randrange(10**7):07d}", "18005550100",
                     str(2000 + pid % 900), f"call-{i}", pid, team, group,
                     "quality" if rng.random() < 0.8 else "archive", rec, rec, False, True, 0, 0, 0, 0,
                     False, False, False, False, False, False, False, False, True, "bench", start, start, "call", False))
    return rows


def _load_contacts(database, rows) -> float:
    """Bulk load with qm_contact's indexes dropped, then rebuilt."""
    from openwfo.models import Contact

    t0 = time.perf_counter()
    indexes = list(Contact.__table__.indexes)
    with database.engine.begin() as conn:
        for ix in indexes:
            conn.execute(text(f"DROP INDEX IF EXISTS {ix.name}"))
    raw = database.engine.raw_connection()
    try:
        cur = raw.cursor()
        if database.is_sqlite:
            marks = ", ".join("?" * len(COLS))
            cur.executemany(f"INSERT INTO qm_contact ({', '.join(COLS)}) VALUES ({marks})", rows)
        else:
            with cur.copy(f"COPY qm_contact ({', '.join(COLS)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
            cur.execute("SELECT setval(pg_get_serial_sequence('qm_contact', 'id'), %s)", (N,))
        raw.commit()
    finally:
        raw.close()
    with database.engine.begin() as conn:
        for ix in indexes:
            ix.create(conn)
    return time.perf_counter() - t0


def _load_evaluations(database, tid, evaluator, rows, now) -> tuple[float, int]:
    from openwfo.auth.principal import Principal
    from openwfo.recording.evalforms.schemas import EvalFormIn
    from openwfo.recording.evalforms.service import create_form
    from openwfo.recording.evaluations import states
    from openwfo.recording.evaluations.bulk import EvalSpec, insert_evaluations

    t0 = time.perf_counter()
    rng = random.Random(13)
    author = Principal("bench", tid, evaluator, frozenset(), True)
    with database.session(tid) as db:
        form_id = create_form(db, author, EvalFormIn.model_validate(FORM)).form.id
    quality = [r for r in rows if r[12] == "quality"]
    chosen = rng.sample(quality, min(EVALS, len(quality)))
    kinds = [states.SCORED] * 80 + [states.APPROVED] * 8 + [states.NEEDS_APPROVAL] * 6 + [states.IN_PROGRESS] * 6
    for part in range(0, len(chosen), 20_000):
        with database.session(tid) as db:
            from openwfo.recording.evalforms.tree import load_form

            tree = load_form(db, form_id)
            options = [[o.id for o in q.options] for s in tree.sections for q in s.questions]
            qids = [q.row.id for s in tree.sections for q in s.questions]
            specs = [EvalSpec(contact_id=r[0], person_id=r[9], team_id=r[10], evaluator_id=evaluator,
                              answers={q: rng.choices(o, weights=[6, 2, 1, 1])[0] for q, o in zip(qids, options, strict=True)},
                              state=rng.choice(kinds), evaluated_ms=min(now, r[2] + rng.randrange(3 * DAY)),
                              training=rng.random() < 0.05)
                     for r in chosen[part:part + 20_000]]
            insert_evaluations(db, tid, tree, specs)
    with database.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - t0, form_id


def _pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000, 2)


def _timed(fn, runs):
    out = []
    for i in range(runs + 3):
        t0 = time.perf_counter()
        result = fn(i)
        if i >= 3:
            out.append(time.perf_counter() - t0)
    return out, result


def run_store(kind: str) -> dict:
    from openwfo.auth.principal import Principal
    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.migrate import migrate
    from openwfo.recording.contacts.search import SearchParams
    from openwfo.recording.contacts.service import search
    from openwfo.recording.contacts.wire import Shape
    from openwfo.recording.evaluations.averages import averages

    with scratch_store(kind, "openwfo-bench-evals-") as (url, tmp):
        database = Database(Settings(data_dir=tmp, database_url=url))
        try:
            migrate(database)
            tid, agents, evaluator = _setup_org(database)
            now = int(time.time() * 1000)
            rows = _contacts(tid, agents, now)
            load_s = _load_contacts(database, rows)
            eval_s, form_id = _load_evaluations(database, tid, evaluator, rows, now)
            del rows
            principal = Principal("bench", tid, evaluator, frozenset({7, 34, 35}), True)
            rng = random.Random(11)
            today = dt.datetime.now(dt.UTC).date()
            begin = today - dt.timedelta(days=30)
            b_ms = int(dt.datetime.combine(begin, dt.time(0), tzinfo=dt.UTC).timestamp() * 1000)
            e_ms = b_ms + 30 * DAY  # endDate is exclusive (its midnight)
            teams = sorted({a[1] for a in agents})
            out = {"contactLoadSeconds": round(load_s, 1), "evaluationLoadSeconds": round(eval_s, 1), "queries": {}}
            window = {"begin_date": begin.isoformat(), "end_date": today.isoformat()}
            evaluated = {"date_evaluated_start": begin.isoformat(), "date_evaluated_end": today.isoformat(),
                         "begin_date": (today - dt.timedelta(days=DAYS)).isoformat(), "end_date": today.isoformat()}
            order = " ORDER BY start_ms DESC, id DESC LIMIT 100"
            queries = [
                ("evalState=scored + date window + team", window,
                 "SELECT * FROM qm_contact WHERE tenant_id = :t AND team_id = :team AND start_ms >= :b AND start_ms < :e "
                 "AND scored = :yes" + order, {"b": b_ms, "e": e_ms}),
                ("evalState=scored + dateEvaluated window + team", evaluated,
                 "SELECT * FROM qm_contact WHERE tenant_id = :t AND team_id = :team AND start_ms >= :b0 AND start_ms < :e "
                 "AND evaluated_ms >= :b AND evaluated_ms < :e AND scored = :yes" + order,
                 {"b": b_ms, "e": e_ms, "b0": b_ms - (DAYS - 30) * DAY}),
            ]
            for name, extra, sql, args in queries:
                service_t, sql_t, sizes, same = [], [], [], True
                for i in range(RUNS + 3):
                    team = rng.choice(teams)
                    params = SearchParams(eval_state=["scored"], team=[team], **extra)
                    with database.session(tid) as db:
                        t0 = time.perf_counter()
                        found = search(db, principal, params, Shape())
                        elapsed = time.perf_counter() - t0
                        t0 = time.perf_counter()
                        raw = db.execute(text(sql), {"t": tid, "team": team, "yes": True, **args}).all()
                        raw_s = time.perf_counter() - t0
                    if i >= 3:
                        service_t.append(elapsed)
                        sql_t.append(raw_s)
                        sizes.append(len(found))
                        same = same and len(found) == len(raw)
                out["queries"][name] = {"service": {"p50ms": _pct(service_t, 50), "p95ms": _pct(service_t, 95)},
                                        "handWrittenSql": {"p50ms": _pct(sql_t, 50), "p95ms": _pct(sql_t, 95)},
                                        "meanResults": round(statistics.mean(sizes), 1), "sameResultCount": same,
                                        "meetsTarget": _pct(service_t, 95) < 150}
                print(kind, name, out["queries"][name], flush=True)
            out["averages"] = {}
            for name, by, period in (("per team by section, all time", "team", "all"),
                                     ("per team by section, by month", "team", "month"),
                                     ("per agent by section, all time", "agent", "all")):
                def run(_i, by=by, period=period):
                    with database.session(tid) as db:
                        return averages(db, principal, by=by, period=period, form_ids=[form_id], team_ids=[],
                                        agent_ids=[], begin_date=None, end_date=None)
                times, result = _timed(run, max(3, RUNS // 5))
                counted = sum(r["evaluations"] for r in result)
                out["averages"][name] = {"p50ms": _pct(times, 50), "maxMs": round(max(times) * 1000, 2),
                                         "rows": len(result), "evaluationsCounted": counted,
                                         "meetsTarget": max(times) < 1.0}
                print(kind, name, out["averages"][name], flush=True)
            with database.session(tid) as db:
                t0 = time.perf_counter()
                db.execute(text("SELECT team_id, form_id, section_id, avg(score), count(score) FROM qm_eval_section_score "
                                "WHERE tenant_id = :t AND counted = :yes AND form_id = :f AND evaluated_ms IS NOT NULL "
                                "GROUP BY team_id, form_id, section_id"), {"t": tid, "yes": True, "f": form_id}).all()
                out["averages"]["handWrittenSql per team by section, all time"] = {
                    "ms": round((time.perf_counter() - t0) * 1000, 2)}
            return out
        finally:
            database.dispose()


def main() -> dict:
    result = {"contacts": N, "evaluations": EVALS, "days": DAYS, "agents": AGENTS, "teams": TEAMS, "runsPerQuery": RUNS,
              "target": "search p95 < 150 ms (service path: query + wire rendering, no HTTP); averages < 1 s",
              "stores": {}}
    for kind in STORES:
        result["stores"][kind.strip()] = run_store(kind.strip())
    result["meetsTarget"] = all(q["meetsTarget"] for s in result["stores"].values()
                                for group in (s["queries"], s["averages"]) for q in group.values() if "meetsTarget" in q)
    write_result("evaluations", result)
    return result


if __name__ == "__main__":
    main()
