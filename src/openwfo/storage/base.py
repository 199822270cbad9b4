"""The Storage protocol and the one place a backend is chosen from the settings."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator
from typing import BinaryIO, Protocol

CHUNK = 256 * 1024
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class StorageError(RuntimeError):
    """A missing object or a backend failure."""


def check_key(key: str) -> str:
    """Keys are server-made; refuse anything that could walk out of the store (.., absolute, odd bytes)."""
    if not _KEY.match(key) or ".." in key.split("/") or len(key) > 512:
        raise StorageError(f"invalid storage key {key!r}")
    return key


class Storage(Protocol):
    name: str

    def put_file(self, key: str, source: BinaryIO, content_type: str = "application/octet-stream") -> int:
        """Store the rest of `source` under `key`; answers the size written."""

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> int: ...

    def size(self, key: str) -> int:
        """Size in bytes; StorageError when missing."""

    def exists(self, key: str) -> bool: ...

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes start..end (inclusive; end None = to the end), in chunks."""

    def download_to(self, key: str, target: BinaryIO) -> None:
        """Copy the whole object into an open file (for decoders that need to seek)."""

    def delete(self, key: str) -> None:
        """Remove an object; missing is not an error."""

    def list_objects(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        """Every stored key under `prefix` with its last-modified time (epoch ms), for the orphan sweep."""


def build_storage(settings) -> Storage:
    backend = (settings.storage_backend or "local").lower()
    if backend == "local":
        from .local import LocalStorage

        return LocalStorage(settings.data_dir / "media")
    if backend == "s3":
        from .s3 import S3Storage

        if not settings.s3_bucket:
            raise ValueError("OPENWFO_STORAGE_BACKEND=s3 needs OPENWFO_S3_BUCKET")
        return S3Storage(bucket=settings.s3_bucket, endpoint_url=settings.s3_endpoint_url, region=settings.s3_region,
                         access_key_id=settings.s3_access_key_id, secret_access_key=settings.s3_secret_access_key,
                         prefix=settings.s3_prefix)
    raise ValueError(f"unknown OPENWFO_STORAGE_BACKEND {settings.storage_backend!r} (local | s3)")


# A store (Database) and its media storage travel together: requests bind them from the app's
# settings, so background jobs that only get the Database find the same backend.
_BOUND: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def bind_storage(database, storage_or_settings) -> Storage:
    storage = storage_or_settings if hasattr(storage_or_settings, "read_range") else build_storage(storage_or_settings)
    with _lock:
        _BOUND[database] = storage
    return storage


def storage_for(database, settings=None) -> Storage:
    """The storage bound to this store, binding it from `settings` (or the environment) on first use."""
    with _lock:
        storage = _BOUND.get(database)
    if storage is not None:
        return storage
    if settings is None:
        from ..config import Settings

        settings = Settings()
    return bind_storage(database, settings)
