"""Where jobs run. Embedded: worker threads inside the server. Scale-out: Dramatiq over Redis,
run by `openwfo worker` (see the README for why Dramatiq).

Every process that runs or hands out jobs also runs the recovery sweep (`LeaseSweeper`): jobs
whose runner died (lease expired) are queued and dispatched again, up to the attempt limit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from .runner import DEFAULT_POLICY, JobPolicy, queued_job_ids, reclaim_expired, run_job

log = logging.getLogger("openwfo.jobs")


class LeaseSweeper:
    """Every half lease, re-queue and re-dispatch the running jobs whose lease has expired."""

    def __init__(self, database, policy: JobPolicy, dispatch: Callable[[int], None]):
        self.database, self.policy, self.dispatch = database, policy, dispatch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sweep(self) -> list[int]:
        ids = reclaim_expired(self.database, self.policy)
        for job_id in ids:
            self.dispatch(job_id)
        return ids

    def start(self) -> None:
        if self._thread is not None:
            return
        interval = max(0.5, self.policy.lease_ms / 2000)

        def loop():
            while not self._stop.wait(interval):
                try:
                    self.sweep()
                except Exception:
                    log.exception("job recovery sweep failed")

        self._thread = threading.Thread(target=loop, name="openwfo-job-sweep", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)


class InProcessDispatcher:
    """Runs jobs on a small thread pool in this process; on start it picks up what was left queued,
    and its sweep re-runs jobs whose runner died (a previous server process) once their lease expires."""

    def __init__(self, database, threads: int = 2, policy: JobPolicy = DEFAULT_POLICY):
        self.database = database
        self.policy = policy
        self.pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="openwfo-job")
        self.sweeper = LeaseSweeper(database, policy, self.dispatch)
        self._closed = False

    def dispatch(self, job_id: int) -> None:
        if not self._closed:
            self.pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            run_job(self.database, job_id, self.policy)
        except Exception:  # pragma: no cover - run_job records failures itself
            log.exception("job %s crashed the runner", job_id)

    def recover(self) -> None:
        self.sweeper.sweep()
        for job_id in queued_job_ids(self.database):
            self.dispatch(job_id)
        self.sweeper.start()

    def close(self) -> None:
        self._closed = True
        self.sweeper.stop()
        self.pool.shutdown(wait=True, cancel_futures=False)


class DramatiqDispatcher:
    """Sends job ids to a Dramatiq actor; `openwfo worker` processes run them."""

    def __init__(self, database, broker_url: str, queue_name: str = "openwfo", policy: JobPolicy = DEFAULT_POLICY):
        self.database = database
        self.broker, self.actor = setup_dramatiq(database, broker_url, queue_name, policy)
        self.sweeper = LeaseSweeper(database, policy, self.dispatch)

    def dispatch(self, job_id: int) -> None:
        self.actor.send(job_id)

    def recover(self) -> None:
        # The broker redelivers a dead worker's unacknowledged messages (after its own timeout);
        # the sweep re-dispatches as soon as the job's lease has expired.
        self.sweeper.sweep()
        self.sweeper.start()

    def close(self) -> None:
        self.sweeper.stop()
        self.broker.close()


_lock = threading.Lock()


def setup_dramatiq(database, broker_url: str, queue_name: str = "openwfo", policy: JobPolicy = DEFAULT_POLICY):
    """The broker and the one actor (`openwfo_job`) that runs any job by id."""
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    with _lock:
        broker = RedisBroker(url=broker_url, namespace="openwfo-dramatiq")
        dramatiq.set_broker(broker)

        def openwfo_job(job_id: int) -> None:
            run_job(database, job_id, policy)

        actor = dramatiq.actor(openwfo_job, actor_name="openwfo_job", queue_name=queue_name,
                               max_retries=3, broker=broker)
    return broker, actor


def build_dispatcher(settings, database):
    policy = JobPolicy.of(settings)
    if settings.jobs_backend == "dramatiq":
        url = settings.broker_url or settings.redis_url
        if not url:
            raise ValueError("OPENWFO_JOBS_BACKEND=dramatiq needs OPENWFO_BROKER_URL or OPENWFO_REDIS_URL")
        return DramatiqDispatcher(database, url, settings.jobs_queue, policy)
    if settings.jobs_backend != "inprocess":
        raise ValueError(f"unknown OPENWFO_JOBS_BACKEND {settings.jobs_backend!r} (inprocess | dramatiq)")
    return InProcessDispatcher(database, settings.job_threads, policy)
