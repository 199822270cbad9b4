"""The media storage backends: local files, and S3 against an S3 protocol server run locally (moto)."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from openwfo.config import Settings
from openwfo.storage import StorageError, build_storage
from openwfo.storage.local import LocalStorage


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port, for this module's tests."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("moto server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def s3(s3_endpoint, tmp_dir):
    import boto3

    bucket = f"media-{time.time_ns()}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=bucket)
    settings = Settings(data_dir=tmp_dir, storage_backend="s3", s3_endpoint_url=s3_endpoint, s3_bucket=bucket,
                        s3_region="us-east-1", s3_access_key_id="test", s3_secret_access_key="test", s3_prefix="owfo")
    return build_storage(settings)


@pytest.fixture
def local(tmp_dir):
    return build_storage(Settings(data_dir=tmp_dir))


@pytest.fixture(params=["local", "s3"])
def storage(request):
    return request.getfixturevalue(request.param)


def test_round_trip_ranges_and_delete(storage):
    data = bytes(range(256)) * 4000  # ~1 MB, several chunks
    assert storage.put_file("t1/media/a.wav", io.BytesIO(data), "audio/wav") == len(data)
    assert storage.size("t1/media/a.wav") == len(data) and storage.exists("t1/media/a.wav")
    assert b"".join(storage.read_range("t1/media/a.wav")) == data
    assert b"".join(storage.read_range("t1/media/a.wav", 10, 19)) == data[10:20]
    assert b"".join(storage.read_range("t1/media/a.wav", len(data) - 5)) == data[-5:]
    out = io.BytesIO()
    storage.download_to("t1/media/a.wav", out)
    assert out.getvalue() == data
    assert storage.put_bytes("t1/media/b.bin", b"xyz") == 3
    storage.delete("t1/media/a.wav")
    assert not storage.exists("t1/media/a.wav")
    with pytest.raises(StorageError):
        storage.size("t1/media/a.wav")
    with pytest.raises(StorageError):
        list(storage.read_range("t1/media/a.wav"))
    storage.delete("t1/media/never-there")  # missing is not an error


@pytest.mark.parametrize("key", ["../escape", "/abs/path", "a/../../b", "a//b", "", "a/b\\c", "a/.hidden"])
def test_keys_cannot_escape(storage, key):
    with pytest.raises(StorageError):
        storage.put_bytes(key, b"x")


def test_local_layout(local, tmp_dir):
    assert isinstance(local, LocalStorage)
    local.put_bytes("t9/media/x.wav", b"abc")
    assert (tmp_dir / "media" / "t9" / "media" / "x.wav").read_bytes() == b"abc"
    assert not list((tmp_dir / "media" / "t9" / "media").glob(".upload-*"))


def test_s3_prefix_and_unknown_backend(s3, s3_endpoint, tmp_dir):
    s3.put_bytes("t1/x.bin", b"1")
    keys = [o["Key"] for o in s3.client.list_objects_v2(Bucket=s3.bucket)["Contents"]]
    assert keys == ["owfo/t1/x.bin"]
    with pytest.raises(ValueError):
        build_storage(Settings(data_dir=tmp_dir, storage_backend="ftp"))
    with pytest.raises(ValueError):
        build_storage(Settings(data_dir=tmp_dir, storage_backend="s3"))


def test_contact_media_on_s3_end_to_end(s3, app, admin_client, factory, tenant):
    """Import, play back (with Range) and export a contact with the media in S3."""
    from openwfo.storage import bind_storage, storage_for

    from ..recording.media import post_json_contacts, wav_bytes

    previous = storage_for(app.state.database, app.state.settings)
    bind_storage(app.state.database, s3)
    try:
        audio = wav_bytes(1)
        body = post_json_contacts(admin_client, [{"AgentId": str(tenant.admin_id), "Audio": [{"Location": "a.wav"}]}],
                                  {"a.wav": audio}).json()
        cid = body["contacts"][0]["contactId"]
        r = admin_client.get(f"/api/rest/recording/contact/{cid}/recording", headers={"Range": "bytes=4-11"})
        assert r.status_code == 206 and r.content == audio[4:12]
        keys = [o["Key"] for o in s3.client.list_objects_v2(Bucket=s3.bucket)["Contents"]]
        assert any(k.startswith(f"owfo/t{tenant.id}/media/") and k.endswith(".wav") for k in keys)
        assert admin_client.post(f"/api/rest/recording/media/export/contact/{cid}?type=WAV").status_code == 200
        deadline = time.time() + 30
        while time.time() < deadline:
            r = admin_client.get(f"/api/rest/recording/media/export/contact/{cid}?type=WAV")
            if r.status_code == 200:
                break
            time.sleep(0.1)
        assert r.status_code == 200 and r.content[:4] == b"RIFF"
    finally:
        bind_storage(app.state.database, previous)
