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
    session_timeout_minutes: int = Field(120, description="Sessions end after this long without a request.")
    login_max_failures: int = Field(10, description="Failed logins allowed per login (and per address x5) in the window.")
    login_lockout_minutes: int = Field(15, description="How long a login stays locked after too many failures.")
    max_body_bytes: int = Field(64 * 1024 * 1024, description="Largest request body accepted (413 above).")
    db_pool_size: int = Field(10, description="Connection pool size (PostgreSQL).")
    sql_echo: bool = Field(False, description="Log every SQL statement.")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'openwfo.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")
