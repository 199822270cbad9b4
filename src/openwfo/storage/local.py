"""Media as files under <data_dir>/media (the embedded default)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import CHUNK, StorageError, check_key


class LocalStorage:
    name = "local"

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if self.root not in path.parents:
            raise StorageError(f"invalid storage key {key!r}")
        return path

    def put_file(self, key: str, source: BinaryIO, content_type: str = "application/octet-stream") -> int:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename: a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path.stat().st_size

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> int:
        import io

        return self.put_file(key, io.BytesIO(data), content_type)

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise StorageError(f"no such object {key!r}") from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        path = self._path(key)
        try:
            f = open(path, "rb")  # noqa: SIM115 - closed by the generator
        except FileNotFoundError:
            raise StorageError(f"no such object {key!r}") from None

        def chunks():
            with f:
                f.seek(start)
                left = None if end is None else end - start + 1
                while left is None or left > 0:
                    data = f.read(CHUNK if left is None else min(CHUNK, left))
                    if not data:
                        break
                    if left is not None:
                        left -= len(data)
                    yield data

        return chunks()

    def download_to(self, key: str, target: BinaryIO) -> None:
        for chunk in self.read_range(key):
            target.write(chunk)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list_objects(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        # Files being written are named .upload-*: not keys, never listed.
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                key = path.relative_to(self.root).as_posix()
                if not key.startswith(prefix):
                    continue
                try:
                    yield key, int(path.stat().st_mtime * 1000)
                except FileNotFoundError:
                    continue
