"""Where jobs run. Embedded: worker threads inside the server. Scale-out: Dramatiq over Redis,
run by `openwfo worker` (see the README for why Dramatiq).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import update

from ..models import Job
from .runner import queued_job_ids, run_job

log = logging.getLogger("openwfo.jobs")


class InProcessDispatcher:
    """Runs jobs on a small thread pool in this process; on start it picks up what a previous
    process left queued or running (the embedded default has one server process)."""

    def __init__(self, database, threads: int = 2):
        self.database = database
        self.pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="openwfo-job")
        self._closed = False

    def dispatch(self, job_id: int) -> None:
        if not self._closed:
            self.pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            run_job(self.database, job_id)
        except Exception:  # pragma: no cover - run_job records failures itself
            log.exception("job %s crashed the runner", job_id)

    def recover(self) -> None:
        with self.database.session() as db:
            db.execute(update(Job).where(Job.status == "running").values(status="queued"))
        for job_id in queued_job_ids(self.database):
            self.dispatch(job_id)

    def close(self) -> None:
        self._closed = True
        self.pool.shutdown(wait=True, cancel_futures=False)


class DramatiqDispatcher:
    """Sends job ids to a Dramatiq actor; `openwfo worker` processes run them."""

    def __init__(self, database, broker_url: str, queue_name: str = "openwfo"):
        self.database = database
        self.broker, self.actor = setup_dramatiq(database, broker_url, queue_name)

    def dispatch(self, job_id: int) -> None:
        self.actor.send(job_id)

    def recover(self) -> None:
        pass  # the broker redelivers unacknowledged messages

    def close(self) -> None:
        self.broker.close()


_lock = threading.Lock()


def setup_dramatiq(database, broker_url: str, queue_name: str = "openwfo"):
    """The broker and the one actor (`openwfo_job`) that runs any job by id."""
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    with _lock:
        broker = RedisBroker(url=broker_url, namespace="openwfo-dramatiq")
        dramatiq.set_broker(broker)

        def openwfo_job(job_id: int) -> None:
            run_job(database, job_id)

        actor = dramatiq.actor(openwfo_job, actor_name="openwfo_job", queue_name=queue_name,
                               max_retries=3, broker=broker)
    return broker, actor


def build_dispatcher(settings, database):
    if settings.jobs_backend == "dramatiq":
        url = settings.broker_url or settings.redis_url
        if not url:
            raise ValueError("OPENWFO_JOBS_BACKEND=dramatiq needs OPENWFO_BROKER_URL or OPENWFO_REDIS_URL")
        return DramatiqDispatcher(database, url, settings.jobs_queue)
    if settings.jobs_backend != "inprocess":
        raise ValueError(f"unknown OPENWFO_JOBS_BACKEND {settings.jobs_backend!r} (inprocess | dramatiq)")
    return InProcessDispatcher(database, settings.job_threads)
