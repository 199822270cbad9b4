"""Media in S3-compatible object storage (scale-out mode), through boto3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .base import CHUNK, StorageError, check_key


class S3Storage:
    name = "s3"

    def __init__(self, bucket: str, endpoint_url: str | None = None, region: str | None = None,
                 access_key_id: str | None = None, secret_access_key: str | None = None, prefix: str = ""):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None,
            aws_access_key_id=access_key_id or None, aws_secret_access_key=secret_access_key or None,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, s3={"addressing_style": "path"}),
        )

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _missing(self, exc) -> bool:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        return code in ("404", "NoSuchKey", "NotFound")

    def put_file(self, key: str, source: BinaryIO, content_type: str = "application/octet-stream") -> int:
        # upload_fileobj streams in parts (multipart above 8 MiB): the object is never held whole in memory.
        size = None
        if source.seekable():
            pos = source.tell()
            source.seek(0, 2)
            size = source.tell() - pos
            source.seek(pos)
        self.client.upload_fileobj(source, self.bucket, self._key(key), ExtraArgs={"ContentType": content_type})
        return size if size is not None else self.size(key)

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> int:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type)
        return len(data)

    def size(self, key: str) -> int:
        from botocore.exceptions import ClientError

        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=self._key(key))["ContentLength"])
        except ClientError as exc:
            if self._missing(exc):
                raise StorageError(f"no such object {key!r}") from None
            raise StorageError(str(exc)) from exc

    def exists(self, key: str) -> bool:
        try:
            self.size(key)
            return True
        except StorageError:
            return False

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        args = {"Bucket": self.bucket, "Key": self._key(key)}
        if start or end is not None:
            args["Range"] = f"bytes={start}-{'' if end is None else end}"
        try:
            body = self.client.get_object(**args)["Body"]
        except ClientError as exc:
            if self._missing(exc):
                raise StorageError(f"no such object {key!r}") from None
            raise StorageError(str(exc)) from exc

        def chunks():
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()

        return chunks()

    def download_to(self, key: str, target: BinaryIO) -> None:
        from botocore.exceptions import ClientError

        try:
            self.client.download_fileobj(self.bucket, self._key(key), target)
        except ClientError as exc:
            if self._missing(exc):
                raise StorageError(f"no such object {key!r}") from None
            raise StorageError(str(exc)) from exc

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def list_objects(self, prefix: str = "") -> Iterator[tuple[str, int]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in pages:
            for obj in page.get("Contents", ()):
                key = obj["Key"][len(self.prefix):]
                yield key, int(obj["LastModified"].timestamp() * 1000)
