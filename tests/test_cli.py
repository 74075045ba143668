import csv
import datetime as dt
import re

import pytest
from support import CONTENT, SMALL_CONTENT, in_namespace

from kiosk import config
from kiosk.build import freshness, store


def test_build_installs_the_content_and_says_what_it_built(cli, instance, small_content):
    result = cli("build", "--content", small_content)
    assert result.exit_code == 0, result.output
    assert re.search(r"built content version \d+ in [\d.]+s", result.output)
    assert store.installed_version(instance) is not None


@pytest.mark.slow
def test_the_shipped_content_builds_and_its_counts_are_shown(cli, instance):
    result = cli("build", "--content", CONTENT)
    assert result.exit_code == 0, result.output
    counts = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", result.output.rsplit("(", 1)[1])}
    with (CONTENT / "agencies.csv").open(encoding="utf-8", newline="") as fh:
        assert counts["agencies"] == sum(1 for _ in csv.DictReader(fh))
    assert counts["articles"] == len(list((CONTENT / "articles").glob("*/*.md")))
    assert all(counts[kind] > 0 for kind in ("sources", "provinces", "services", "destinations", "selfcheck"))
    assert counts["search_documents"] > counts["agencies"]


def test_build_lists_every_problem_and_exits_non_zero(cli, instance, small_content):
    (small_content / "sources" / "zz.yaml").write_text(
        "- id: x\n  title: T\n  verified_on: 2099-01-01\n  kind: gossip\n"
    )
    result = cli("build", "--content", small_content)
    assert result.exit_code == 1
    assert "sources/zz.yaml:3: verified_on:" in result.output
    assert "sources/zz.yaml:4: kind:" in result.output
    assert "Traceback" not in result.output
    assert store.installed_version(instance) is None


@pytest.mark.slow  # builds the shipped content
def test_serve_get_prints_one_page_and_builds_first_when_nothing_is_installed(cli, instance):
    result = cli("serve", "--get", "/api/v1/health")
    assert result.exit_code == 0, result.output
    assert '"status": "ok"' in result.output or '"status":"ok"' in result.output
    assert store.installed_version(instance) is not None


def test_serve_get_fails_on_a_missing_page(cli, built_instance, monkeypatch):
    monkeypatch.setenv("KIOSK_INSTANCE", str(built_instance))
    assert cli("serve", "--get", "/vi/no-such-page").exit_code == 1


def test_every_command_has_help(cli):
    from kiosk.cli import cli as group

    for name, command in group.commands.items():
        assert command.help, f"kiosk {name} has no help"
        assert cli(name, "--help").exit_code == 0


def test_serve_starts_waitress_with_one_worker_quiet_queue_and_start_up_objects_frozen(
    cli, built_instance, monkeypatch
):
    import gc
    import logging

    from kiosk import serving

    monkeypatch.setenv("KIOSK_INSTANCE", str(built_instance))
    seen = {}

    class Server:
        def run(self):
            seen.update(frozen=gc.get_freeze_count(), queue=logging.getLogger("waitress.queue").level)

    def fake_make_server(app, **options):
        seen.update(options, max_content=app.config["MAX_CONTENT_LENGTH"])
        return Server()

    monkeypatch.setattr(serving, "make_server", fake_make_server)
    try:
        result = cli("serve", "--port", "8099")
    finally:
        gc.unfreeze()
        logging.getLogger("waitress.queue").setLevel(logging.NOTSET)
    assert result.exit_code == 0, result.output
    assert seen["threads"] == 1 and seen["port"] == 8099 and seen["unix_socket"] == ""
    assert seen["frozen"] > 10_000  # the modules, templates and app made at start-up
    assert seen["queue"] == logging.ERROR
    # No body larger than the app takes is read (waitress's own limit is 1 GiB), and one client's unsent
    # answers are bounded (issue 18, items 2-4).
    assert seen["max_request_body_size"] == seen["max_content"] == 65536
    assert seen["outbuf_high_watermark"] <= 1024 * 1024
    assert 32 * 1024 <= seen["max_request_header_size"] <= 64 * 1024
    assert seen["channel_timeout"] <= 30 and seen["connection_limit"] >= 500


def test_the_first_serve_on_an_empty_instance_works_with_the_clock_at_1970(cli, instance, monkeypatch):
    """The content that came with the program is built even when the device's clock is decades behind its
    dates (a Pi with no battery clock); the pages then say the clock looks wrong (issue 18, item 5)."""
    monkeypatch.setattr(freshness, "today", lambda: dt.date(1970, 1, 1))
    defaults = config.defaults
    monkeypatch.setattr(config, "defaults", lambda: {**defaults(), "CONTENT_DIR": str(SMALL_CONTENT)})
    result = cli("serve", "--get", "/api/v1/health")
    assert result.exit_code == 0, result.output
    assert '"behind": true' in result.output.replace('"behind":true', '"behind": true')
    assert store.installed_version(instance) is not None


def test_an_editors_build_still_refuses_dates_after_the_clock(cli, instance, small_content, monkeypatch):
    monkeypatch.setattr(freshness, "today", lambda: dt.date(2026, 11, 20))
    result = cli("build", "--content", small_content)
    assert result.exit_code == 1
    assert "[future_date]" in result.output


def test_build_on_a_read_only_instance_is_one_line(tmp_path, small_content):
    """The systemd unit mounts the instance read-only for the server: `kiosk build` there says so in one
    line, never with a traceback (issue 18, item 15)."""
    instance = tmp_path / "ro"
    instance.mkdir()
    done = in_namespace(
        f"KIOSK_INSTANCE='{instance}' $KIOSK build --content '{small_content}'", read_only=[instance]
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"Error: content not installed: content version 1 could not be written: {instance} cannot be "
        "written here (read-only, or owned by another user); nothing changed"
    ]
