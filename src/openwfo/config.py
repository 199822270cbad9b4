"""Settings, read from OPENWFO_* environment variables (and CLI flags, which override them)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting OpenWFO reads; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="OPENWFO_", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Where the SQLite file, media and drop folders live.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default sqlite:///<data_dir>/openwfo.db. PostgreSQL: postgresql+psycopg://..."
    )
    redis_url: str | None = Field(None, description="When set, sessions and login throttling live in Redis.")
    jobs_backend: str = Field(
        "inprocess", description="'inprocess' (threads in the server) or 'dramatiq' (run by `openwfo worker`)."
    )
    broker_url: str | None = Field(None, description="Dramatiq broker (redis://...); defaults to redis_url.")
    jobs_queue: str = Field("openwfo", description="Dramatiq queue name (several deployments can share a broker).")
    job_threads: int = Field(2, description="Worker threads for in-process jobs and for `openwfo worker`.")
    job_lease_seconds: float = Field(
        60.0, description="A running job's lease: re-claimed when its runner has not renewed it for this long.")
    job_max_attempts: int = Field(3, description="Times a job is started (runner killed, restarted) before it fails.")
    planning_time_limit_seconds: float = Field(
        20.0, description="Schedule generation: the optimiser's time limit when a run does not give one.")
    maintenance_minutes: float = Field(
        60.0, description="How often the periodic maintenance (housekeeping, orphaned media, retention) runs; 0 = never.")
    session_rows_keep_hours: float = Field(0.0, description="Expired session rows are deleted this long after expiry.")
    login_failure_rows_keep_hours: float = Field(
        24.0, description="Login-failure rows are deleted this long after their window (and any lock) ended.")
    finished_jobs_keep_days: float = Field(30.0, description="Succeeded and failed job rows are kept this long.")
    orphan_media_grace_hours: float = Field(
        24.0, description="Stored media no row names are deleted once older than this.")
    upload_job_bytes: int = Field(
        16 * 1024 * 1024, description="Bulk contact uploads larger than this are imported by a background job.")
    session_timeout_minutes: int = Field(120, description="Sessions end after this long without a request.")
    login_max_failures: int = Field(10, description="Failed logins that lock a login for the lockout time.")
    login_address_max_failures: int = Field(50, description="Failed logins (any login) that lock a client address.")
    login_lockout_minutes: int = Field(15, description="How long a login stays locked after too many failures.")
    trusted_proxies: str = Field(
        "", description="Proxies/load balancers (IP addresses or networks, comma-separated) whose X-Forwarded-For/"
        "-Proto/-Host and Forwarded headers are believed; empty: none.")
    allowed_origins: str = Field(
        "", description="Origins (https://host[:port], comma-separated) besides the server's own that browsers "
        "may send state-changing requests from.")
    max_body_bytes: int = Field(64 * 1024 * 1024, description="Largest request body accepted (413 above).")
    db_pool_size: int = Field(10, description="Connection pool size (PostgreSQL).")
    sql_echo: bool = Field(False, description="Log every SQL statement.")
    storage_backend: str = Field(
        "local", description="Where media lives: 'local' (files under <data_dir>/media) or 's3' (S3-compatible storage)."
    )
    s3_endpoint_url: str | None = Field(None, description="S3 endpoint (MinIO, Ceph, ...); empty for AWS S3.")
    s3_bucket: str | None = Field(None, description="S3 bucket for media (required when storage_backend is 's3').")
    s3_region: str | None = Field(None, description="S3 region name.")
    s3_access_key_id: str | None = Field(None, description="S3 access key; default: the standard AWS credential chain.")
    s3_secret_access_key: str | None = Field(None, description="S3 secret key.")
    s3_prefix: str = Field("", description="Key prefix inside the bucket (several deployments can share one).")
    alert_sweep_seconds: float = Field(
        15.0, description="How often `openwfo serve` looks for agents out of adherence past their tenant's alert "
        "threshold; 0 turns the sweep off."
    )
    speech_scan_seconds: float = Field(
        15.0, description="How often `openwfo serve` queues speech analysis of newly recorded contacts; 0 turns it off."
    )
    dataserver_scan_seconds: float = Field(
        10.0, description="How often `openwfo serve` scans the gis/<tenant>/ drop folders; 0 turns the watcher off."
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'openwfo.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")
