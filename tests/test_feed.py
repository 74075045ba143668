"""The update feed: `kiosk publish` writes it, `kiosk update --from URL` pulls from it over a real local web
server (127.0.0.1 only), trusting the device's keys and never the transport."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from support import SMALL_CONTENT

from kiosk.build import store
from kiosk.build.pipeline import build
from kiosk.updates import feed, fetch, keys


class FeedHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with HTTP Range support, and faults a hostile network would cause, on demand."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        state = self.server.state
        state["requests"].append(
            (self.path, self.headers.get("Range"), self.headers.get("If-Modified-Since"))
        )
        path = Path(self.translate_path(self.path))
        if not path.name.endswith(".kbundle") or not path.is_file():
            return super().do_GET()
        data = path.read_bytes()
        start, status = 0, 200
        m = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if m and state["ranges"]:
            start, status = int(m.group(1)), 206
        self.send_response(status)
        self.send_header("Content-Length", str(len(data) - start))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        body = data[start:]
        if state["drop_after"]:
            body, state["drop_after"] = body[: state["drop_after"]], 0
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


@pytest.fixture
def web():
    """Serve a folder on 127.0.0.1: ``web(folder)`` gives (feed url, server state); stopped after the test."""
    servers = []

    def start(folder: Path):
        handler = functools.partial(FeedHandler, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.state = {"requests": [], "drop_after": 0, "ranges": True}
        # Checks for shutdown() every 50 ms (not 0.5 s): each test stops its servers on the way out.
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/feed/", httpd.state

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def publisher(tmp_path_factory):
    """A key pair and content copies at versions 2..4, made once for the module."""
    root = tmp_path_factory.mktemp("publisher")
    secret, public = keys.generate(root / "keys")
    contents = {n: versioned(SMALL_CONTENT, root / f"content-v{n}", n) for n in (1, 2, 3, 4)}
    return {"secret": secret, "public": public, "content": contents, "root": root}


def versioned(source: Path, target: Path, version: int) -> Path:
    shutil.copytree(source, target)
    manifest = target / "manifest.yaml"
    manifest.write_text(re.sub(r"(?m)^version:.*$", f"version: {version}", manifest.read_text()))
    return target


def kiosk_at(folder: Path, publisher) -> Path:
    """A kiosk that trusts the publisher and serves version 1 (a copy of one built once per module)."""
    template = publisher["root"] / "kiosk-v1"
    if not template.exists():
        build(publisher["content"][1], template)
        keys.trust(template, publisher["public"])
    shutil.copytree(template, folder, symlinks=True)
    return folder


def quick_client() -> feed.Client:
    return feed.Client(timeout=5, attempts=3, backoff=0, sleep=lambda s: None)


def publish(publisher, web_root: Path, *versions: int) -> Path:
    out = web_root / "feed"
    for n in versions:
        feed.publish(publisher["content"][n], publisher["secret"], out)
    return out


def test_newer_version_installs_from_the_feed(tmp_path, publisher, web):
    publish(publisher, tmp_path / "web", 2)
    url, _ = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    outcome = feed.update_from(url, instance, client=quick_client())
    assert (outcome.status, outcome.version) == ("installed", 2)
    assert store.installed_version(instance) == 2
    assert not list((instance / "feed").glob("downloads/*")), "the downloaded bundle is not kept"


def test_same_version_is_one_small_request_and_changes_nothing(tmp_path, publisher, web):
    publish(publisher, tmp_path / "web", 2)
    url, state = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    feed.update_from(url, instance, client=quick_client())
    folder = store.current_dir(instance)
    state["requests"].clear()
    client = quick_client()
    outcome = feed.update_from(url, instance, client=client)
    assert outcome.status == "up_to_date"
    assert store.current_dir(instance) == folder
    assert [r[0] for r in state["requests"]] == ["/feed/index.json"]
    assert state["requests"][0][2], "the check is a conditional request"
    assert client.bytes_read == 0, "the server answered 304 Not Modified, with no body"


@pytest.mark.parametrize(
    "given, index",
    [
        ("http://127.0.0.1/feed/", "http://127.0.0.1/feed/index.json"),
        ("http://127.0.0.1/feed", "http://127.0.0.1/feed/index.json"),
        ("https://mirror.example/kiosk/index.json", "https://mirror.example/kiosk/index.json"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/index.json"),
    ],
)
def test_feed_url_may_name_the_folder_or_the_index(given, index):
    assert feed.index_url(given) == index


def test_mirror_replaying_an_older_signed_index_is_refused(tmp_path, publisher, web):
    old = publish(publisher, tmp_path / "old", 2)
    shutil.copytree(old, tmp_path / "new" / "feed")
    publish(publisher, tmp_path / "new", 3)
    new_url, _ = web(tmp_path / "new")
    old_url, _ = web(tmp_path / "old")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    feed.update_from(new_url, instance, client=quick_client())
    with pytest.raises(feed.FeedRollbackError, match="older than version 3"):
        feed.update_from(old_url, instance, client=quick_client())
    assert store.installed_version(instance) == 3


def test_replayed_index_is_refused_even_before_its_version_was_installed(tmp_path, publisher, web):
    """A freeze: the kiosk saw v3 offered (its download failed), then a mirror serves the v2 index."""
    old = publish(publisher, tmp_path / "old", 2)
    shutil.copytree(old, tmp_path / "new" / "feed")
    new = publish(publisher, tmp_path / "new", 3)
    for bundle in new.glob("content-v3-*.kbundle"):
        bundle.unlink()
    new_url, _ = web(tmp_path / "new")
    old_url, _ = web(tmp_path / "old")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with pytest.raises(feed.FeedError):
        feed.update_from(new_url, instance, client=quick_client())
    with pytest.raises(feed.FeedRollbackError):
        feed.update_from(old_url, instance, client=quick_client())
    assert store.installed_version(instance) == 1


@pytest.mark.parametrize("damage", ["truncated", "byte_flipped", "appended"])
def test_altered_bundle_is_refused_and_old_content_keeps_serving(tmp_path, publisher, web, damage):
    out = publish(publisher, tmp_path / "web", 2)
    bundle = next(out.glob("*.kbundle"))
    data = bundle.read_bytes()
    altered = {
        "truncated": data[: len(data) // 2],
        "byte_flipped": data[:100] + bytes([data[100] ^ 1]) + data[101:],
        "appended": data + b"x" * 10,
    }[damage]
    bundle.write_bytes(altered)
    url, state = web(tmp_path / "web")
    state["ranges"] = False
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    folder = store.current_dir(instance)
    with pytest.raises(feed.FeedTamperedError, match="does not match the signed index"):
        feed.update_from(url, instance, client=quick_client())
    assert store.current_dir(instance) == folder
    assert store.installed_version(instance) == 1


def test_index_signed_by_a_foreign_key_is_refused(tmp_path, publisher, web):
    foreign, _ = keys.generate(tmp_path / "foreign")
    feed.publish(publisher["content"][2], foreign, tmp_path / "web" / "feed")
    url, _ = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with pytest.raises(feed.FeedTamperedError, match="trusted"):
        feed.update_from(url, instance, client=quick_client())
    assert store.installed_version(instance) == 1


def test_index_with_a_changed_field_is_refused(tmp_path, publisher, web):
    out = publish(publisher, tmp_path / "web", 2)
    document = json.loads((out / "index.json").read_text())
    document["signed"]["version"] = 99
    (out / "index.json").write_text(json.dumps(document))
    url, _ = web(tmp_path / "web")
    with pytest.raises(feed.FeedTamperedError):
        feed.update_from(url, kiosk_at(tmp_path / "kiosk", publisher), client=quick_client())


def test_dropped_connection_resumes_where_it_stopped(tmp_path, publisher, web):
    out = publish(publisher, tmp_path / "web", 2)
    size = next(out.glob("*.kbundle")).stat().st_size
    url, state = web(tmp_path / "web")
    state["drop_after"] = size // 3
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    client = quick_client()
    outcome = feed.update_from(url, instance, client=client)
    assert outcome.status == "installed"
    ranges = [r[1] for r in state["requests"] if r[0].endswith(".kbundle")]
    assert ranges == [None, f"bytes={size // 3}-"]
    index_bytes = (out / "index.json").stat().st_size
    assert client.bytes_read == size + index_bytes, "no byte of the bundle is downloaded twice"


def test_server_without_range_support_restarts_the_download(tmp_path, publisher, web):
    publish(publisher, tmp_path / "web", 2)
    url, state = web(tmp_path / "web")
    state["drop_after"], state["ranges"] = 5000, False
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    assert feed.update_from(url, instance, client=quick_client()).version == 2


def test_unreachable_feed_gives_up_after_the_retries_with_back_off(tmp_path, publisher):
    waits = []
    client = feed.Client(timeout=1, attempts=3, backoff=1.5, sleep=waits.append)
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with pytest.raises(fetch.FeedUnreachableError, match="tried 3 times"):
        feed.update_from("http://127.0.0.1:9/feed/", instance, client=client)
    assert waits == [1.5, 3.0]
    assert store.installed_version(instance) == 1


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed/", "file:///etc/", "127.0.0.1/feed", ""])
def test_only_http_feed_addresses_are_accepted(url):
    with pytest.raises(feed.FeedError, match="http"):
        feed.index_url(url)


def test_publish_keeps_the_last_bundles_and_refuses_a_version_not_newer(tmp_path, publisher):
    out = publish(publisher, tmp_path, 1, 2, 3, 4)
    index = feed.read_index((out / "index.json").read_bytes(), [keys.read_public(publisher["public"])])
    assert index.version == 4
    assert len(index.previous) == feed.KEEP_BUNDLES - 1
    assert sorted(p.name for p in out.glob("*.kbundle")) == sorted((index.bundle, *index.previous))
    with pytest.raises(feed.PublishError, match="already offers version 4"):
        feed.publish(publisher["content"][3], publisher["secret"], out)


@pytest.mark.slow
def test_a_fleet_of_kiosks_updates_from_one_feed(tmp_path, publisher, web):
    publish(publisher, tmp_path / "web", 2)
    url, state = web(tmp_path / "web")
    fleet = [kiosk_at(tmp_path / f"kiosk-{n}", publisher) for n in range(3)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(lambda inst: feed.update_from(url, inst, client=quick_client()), fleet))
    assert [o.status for o in outcomes] == ["installed"] * len(fleet)
    assert {store.installed_version(inst) for inst in fleet} == {2}


def test_cli_publishes_and_updates_from_a_feed_and_names_a_refusal(
    tmp_path, publisher, web, cli, monkeypatch
):
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    out = tmp_path / "web" / "feed"
    result = cli("publish", "--key", publisher["secret"], "--content", publisher["content"][2], "--out", out)
    assert result.exit_code == 0 and "published content version 2" in result.output
    again = cli("publish", "--key", publisher["secret"], "--content", publisher["content"][2], "--out", out)
    assert again.exit_code == 1 and "already offers version 2" in again.output
    url, _ = web(tmp_path / "web")
    installed = cli("update", "--from", url)
    assert installed.exit_code == 0 and "installed content version 2" in installed.output
    index = out / "index.json"
    index.write_text(index.read_text().replace('"version": 2', '"version": 7'))
    # A later edit, as a real one is: within the same second as the last check the server's Last-Modified
    # would not change, and the kiosk's conditional request would rightly hear "not modified".
    later = index.stat().st_mtime + 5
    os.utime(index, (later, later))
    refused = cli("update", "--from", url)
    assert refused.exit_code == 1 and "does not match any trusted publisher key" in refused.output
    assert store.installed_version(instance) == 2
    assert cli("update").exit_code == 2, "neither a FILE nor --from is a usage error"


def test_a_rollback_is_not_undone_by_the_feed_until_a_newer_version_appears(
    tmp_path, publisher, web, cli, monkeypatch
):
    """After `kiosk rollback`, the next `update --from` reinstalled the version just rolled back
    (issue 18, item 6)."""
    publish(publisher, tmp_path / "web", 2)
    url, _ = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
    assert feed.update_from(url, instance, client=quick_client()).status == "installed"
    assert cli("rollback").exit_code == 0
    again = cli("update", "--from", url)
    assert again.exit_code == 0
    assert "feed offers version 2, which was rolled back on this kiosk" in again.output
    assert store.installed_version(instance) == 1
    publish(publisher, tmp_path / "web", 3)
    assert feed.update_from(url, instance, client=quick_client()).status == "installed"
    assert store.installed_version(instance) == 3


def test_two_updates_started_together_on_one_kiosk_install_once(tmp_path, publisher, web):
    publish(publisher, tmp_path / "web", 2)
    url, _ = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda _: feed.update_from(url, instance, client=quick_client()), range(2)))
    assert sorted(o.status for o in outcomes) == ["installed", "up_to_date"]
    assert store.installed_version(instance) == 2


def test_health_says_when_the_feed_last_answered(tmp_path, publisher, web):
    from kiosk import create_app

    publish(publisher, tmp_path / "web", 2)
    url, _ = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    client = create_app({"TESTING": True, "INSTANCE": str(instance)}).test_client()
    assert client.get("/api/v1/health").get_json()["feed"] is None
    feed.update_from(url, instance, client=quick_client())
    first = client.get("/api/v1/health").get_json()["feed"]
    assert first["offered_version"] == 2 and first["checked_at"].startswith("20")
    feed.update_from(url, instance, client=quick_client())
    assert client.get("/api/v1/health").get_json()["feed"]["checked_at"] >= first["checked_at"]


def test_an_index_naming_a_huge_bundle_is_refused_before_any_download(tmp_path, publisher, web):
    out = publish(publisher, tmp_path / "web", 2)
    signed = feed.read_index((out / "index.json").read_bytes(), [keys.read_public(publisher["public"])])
    huge = feed.FeedIndex(**{**signed.__dict__, "size": 10**12})
    (out / "index.json").write_bytes(feed.sign_index(huge, keys.read_secret(publisher["secret"])))
    url, state = web(tmp_path / "web")
    with pytest.raises(feed.FeedTamperedError, match="beyond what a kiosk accepts"):
        feed.update_from(url, kiosk_at(tmp_path / "kiosk", publisher), client=quick_client())
    assert [r[0] for r in state["requests"]] == ["/feed/index.json"]


def test_a_captive_portal_answering_with_its_login_page_is_refused(tmp_path, publisher, web):
    (tmp_path / "portal" / "feed").mkdir(parents=True)
    (tmp_path / "portal" / "feed" / "index.json").write_text(
        "<html><body>Log in to the hotel Wi-Fi</body></html>"
    )
    url, _ = web(tmp_path / "portal")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with pytest.raises(feed.FeedTamperedError, match="not a signed kiosk index"):
        feed.update_from(url, instance, client=quick_client())
    assert store.installed_version(instance) == 1


indexes = st.builds(
    feed.FeedIndex,
    version=st.integers(min_value=1, max_value=10**6),
    issued_on=st.dates().map(str),
    published_at=st.datetimes().map(lambda d: d.isoformat(timespec="seconds")),
    bundle=st.from_regex(r"content-v[0-9]{1,6}-[0-9a-f]{12}\.kbundle", fullmatch=True),
    size=st.integers(min_value=1, max_value=2**40),
    sha256=st.from_regex(r"[0-9a-f]{64}", fullmatch=True),
)


@settings(max_examples=40, deadline=None)
@given(index=indexes, position=st.integers(min_value=0))
def test_a_signed_index_reads_back_the_same_and_any_changed_byte_is_refused(index, position):
    secret = SigningKey(b"k" * 32)
    trusted = [keys.public_of(secret)]
    data = feed.sign_index(index, secret)
    assert feed.read_index(data, trusted) == index
    document = json.loads(data)
    body = json.dumps(document["signed"], sort_keys=True)
    i = position % len(body)
    changed = body[:i] + ("0" if body[i] != "0" else "1") + body[i + 1 :]
    try:
        document["signed"] = json.loads(changed)
    except ValueError:
        return  # no longer JSON at all: refused by any reader
    if document["signed"] != json.loads(body):
        with pytest.raises(feed.FeedTamperedError):
            feed.read_index(json.dumps(document).encode(), trusted)


# Hostile feeds refused cleanly (issue 18, items 10, 11 and 16)


@pytest.mark.parametrize(
    "nested", [b"[" * 60_000, b'{"signed":' * 6_000, b'{"signed": {"a": ' + b"[" * 100 + b"]}}"]
)
def test_a_deeply_nested_index_is_refused_cleanly_before_it_is_parsed(tmp_path, publisher, web, nested):
    (tmp_path / "web" / "feed").mkdir(parents=True)
    (tmp_path / "web" / "feed" / "index.json").write_bytes(nested)
    url, _ = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with pytest.raises(feed.FeedTamperedError, match="the feed index is not a"):
        feed.update_from(url, instance, client=quick_client())
    assert store.installed_version(instance) == 1


class Hostile(http.server.BaseHTTPRequestHandler):
    """A feed server at its worst: ``mode`` drips one byte at a time (in the ``headers`` or the ``body``),
    or redirects to ``location``."""

    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        mode, state = self.server.mode, self.server.state
        state["requests"] += 1
        try:
            if mode == "redirect":
                self.send_response(302)
                self.send_header("Location", state["location"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            head = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
            if mode == "body":
                self.wfile.write(head)
                self.wfile.flush()
            for byte in head if mode == "headers" else b"[" * 100_000:
                if self.server.stopping.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the kiosk hung up: what a deadline does


@pytest.fixture
def hostile():
    servers = []

    def start(mode: str, **state):
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
        httpd.daemon_threads = True
        httpd.mode, httpd.state, httpd.stopping = mode, {"requests": 0, **state}, threading.Event()
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}/feed/", httpd.state

    yield start
    for httpd in servers:
        httpd.stopping.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_feed_that_drips_one_byte_at_a_time_is_given_up_at_its_deadline(
    tmp_path, publisher, hostile, where
):
    """A byte every 0.2 s never trips the 5 s time-out of a read; the 1 s deadline of the whole request
    ends each attempt (a drip of one byte every 3 s was waited on for ever)."""
    url, state = hostile(where)
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    client = feed.Client(timeout=5, attempts=2, backoff=0, sleep=lambda s: None, deadline=1)
    started = time.monotonic()
    with pytest.raises(fetch.FeedUnreachableError, match=r"no complete answer within 1 s \(tried 2 times\)"):
        feed.update_from(url, instance, client=client)
    assert time.monotonic() - started < 6
    assert state["requests"] == 2
    assert store.installed_version(instance) == 1


def test_a_second_update_waiting_on_the_lock_says_so_and_gives_up(tmp_path, publisher, web, cli, monkeypatch):
    import fcntl

    publish(publisher, tmp_path / "web", 2)
    url, state = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    (instance / "feed").mkdir(exist_ok=True)
    told = []
    with open(instance / "feed" / ".lock", "w") as running:  # an update already under way
        fcntl.flock(running, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(
            feed.FeedBusyError, match="another update of this kiosk was still running after 0.5 s"
        ):
            feed.update_from(url, instance, client=quick_client(), wait=0.5, on_wait=told.append)
        assert time.monotonic() - started < 3
        assert told == ["another update of this kiosk is running; waiting up to 0.5 s for it to finish"]
        monkeypatch.setenv("KIOSK_INSTANCE", str(instance))
        monkeypatch.setattr(feed, "LOCK_WAIT", 0.3)
        result = cli("update", "--from", url)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("another update of this kiosk is running; waiting up to 0.3 s")
    assert lines[-1].startswith("Error: update refused (nothing changed): another update of this kiosk")
    assert state["requests"] == [] and store.installed_version(instance) == 1
    assert feed.update_from(url, instance, client=quick_client()).status == "installed"  # once it is free


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("ftp://127.0.0.1/feed/index.json", "only http:// and https:// are followed"),
        ("file:///etc/passwd", "only http:// and https:// are followed"),
        ("http://127.0.0.1:{other}/feed/index.json", "a redirect to another port is not followed"),
    ],
)
def test_a_feed_redirecting_off_http_or_to_another_port_is_refused(
    tmp_path, publisher, web, hostile, target, why
):
    publish(publisher, tmp_path / "web", 2)
    other, served = web(tmp_path / "web")  # a real feed on another port: following it would install
    port = other.split(":")[2].split("/")[0]
    url, state = hostile("redirect", location=target.format(other=port))
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    with pytest.raises(fetch.FeedRedirectError, match=re.escape(why)):
        feed.update_from(url, instance, client=quick_client())
    assert state["requests"] == 1, "a refused redirect is not retried"
    assert served["requests"] == [] and store.installed_version(instance) == 1


def test_a_redirect_on_the_same_port_is_followed(tmp_path, publisher, web):
    out = publish(publisher, tmp_path / "web", 2)
    # A folder named like the index: the web server redirects it (301) to the folder with a slash, on its
    # own port, and answers there with the folder's index.html.
    (out / "moved.json").mkdir()
    shutil.copy(out / "index.json", out / "moved.json" / "index.html")
    url, state = web(tmp_path / "web")
    instance = kiosk_at(tmp_path / "kiosk", publisher)
    assert feed.update_from(url + "moved.json", instance, client=quick_client()).status == "installed"
    assert [r[0] for r in state["requests"]][:2] == ["/feed/moved.json", "/feed/moved.json/"]


@pytest.mark.parametrize(
    ("first", "location", "why"),
    [
        (
            "https://feed.example.org/feed/index.json",
            "http://feed.example.org/feed/index.json",
            "never followed to plain http",
        ),
        ("https://feed.example.org/feed/index.json", "//evil.example.net:8443/x", "another port"),
        ("https://feed.example.org:8443/feed/", "https://feed.example.org:9443/feed/", "another port"),
    ],
)
def test_an_https_feed_is_never_followed_down_to_http_or_to_another_port(first, location, why):
    """Checked on the redirect rule itself: the tests have no trusted https server to redirect from."""
    import email.message
    import io
    import urllib.request

    headers = email.message.Message()
    headers["Location"] = location
    request = urllib.request.Request(first)
    with pytest.raises(fetch.FeedRedirectError, match=re.escape(why)):
        fetch._Redirects(first).http_error_302(request, io.BytesIO(), 302, "Found", headers)


def test_an_https_feed_may_move_on_https_and_an_http_feed_up_to_https():
    import email.message
    import io
    import urllib.request

    class Opener:
        def open(self, request, timeout=None):
            return request.full_url

    for first, location in (
        ("https://feed.example.org/feed/", "https://mirror.example.org/feed/"),
        ("http://feed.example.org/feed/", "https://feed.example.org/feed/"),
    ):
        headers = email.message.Message()
        headers["Location"] = location
        rule = fetch._Redirects(first)
        rule.parent = Opener()
        request = urllib.request.Request(first)
        request.timeout = 5  # set by the opener on a real request
        followed = rule.http_error_302(request, io.BytesIO(), 302, "Found", headers)
        assert followed == location
