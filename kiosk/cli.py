"""The `kiosk` command. A bare `kiosk` serves; each command parses options, calls a module, and turns a
named exception into a one-line error (no traceback)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from . import config
from .agencies import importer
from .build import pipeline as builder
from .build import store
from .build.kind import ContentError
from .updates import bundle, keys
from .updates import install as updates


def instance_path() -> Path:
    return Path(os.environ.get("KIOSK_INSTANCE", config.defaults()["INSTANCE"])).resolve()


def content_option(fn):
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Content folder (default: the bundled content/).",
    )(fn)


@click.group(cls=DefaultGroup, default="serve", default_if_no_args=True)
@click.version_option(package_name="kiosk")
def cli():
    """The information kiosk for Vietnamese workers going abroad and coming home.

    The instance folder (installed content, trusted keys) is $KIOSK_INSTANCE, default ./instance.
    """


def run_build(content_dir: Path | None, *, trust_dates: bool = False) -> builder.BuildResult:
    root = Path(content_dir or config.defaults()["CONTENT_DIR"])
    try:
        return builder.build(root, instance_path(), trust_dates=trust_dates)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"content not installed: {len(exc.problems)} problem(s) in {root}"
        ) from None
    except builder.NotNewerError as exc:
        raise click.ClickException(str(exc)) from None
    except store.StoreError as exc:
        raise click.ClickException(f"content not installed: {exc}") from None


@cli.command()
@content_option
def build(content_dir):
    """Check the content and install it as the current version.

    Every problem is listed as file:line: field: message; with any problem nothing changes and the
    content already installed keeps serving.
    """
    result = run_build(content_dir)
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items() if k not in ("manifest",))
    click.echo(
        f"built content version {result.version} in {result.seconds:.1f}s into {result.folder} ({counts})"
    )


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for the Wi-Fi)."
)
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--threads",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker threads running the app (sockets are always read and written by one more).",
)
@click.option("--get", "get_path", default=None, help="Print the response to one GET of PATH and exit.")
def serve(host, port, threads, get_path):
    """Serve the kiosk (builds the bundled content first if none is installed).

    A new content version installed while it runs is served at once, without a restart.
    """
    from . import create_app

    if store.current_dir(instance_path()) is None:
        # The content that came with the program is checked as it was released: the device's clock may be
        # years behind (a Pi with no battery clock), and a date "in the future" is then no fault of it.
        result = run_build(None, trust_dates=True)
        click.echo(f"installed content version {result.version}", err=True)
    app = create_app()
    if get_path:
        response = app.test_client().get(get_path)
        click.echo(response.get_data(as_text=True))
        sys.exit(0 if response.status_code == 200 else 1)
    import waitress

    _quiet_queue_warnings()
    _freeze_start_up_objects(app)
    signal.signal(signal.SIGTERM, _exit_normally)
    signal.signal(signal.SIGUSR1, functools.partial(_write_counts, app))
    click.echo(f"kiosk serving on http://{host}:{port}/", err=True)
    # Idle or slow clients (phones on weak Wi-Fi, or a slowloris) must not take every connection slot
    # (waitress allows 100): allow 500, drop a silent one after 30 s, and poll() rather than select().
    # One worker thread by default: every request is Python work under one interpreter lock, so more
    # threads only take turns, and each turn costs. Measured on one core with 32 connections, one thread
    # served search about 40% faster (p99 ~65 ms, not ~105) and pages as fast. Waitress's own thread
    # still does all the socket reading and writing, so a slow phone never holds the worker.
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="kiosk",
        clear_untrusted_proxy_headers=True,
        connection_limit=500,
        channel_timeout=30,
        asyncore_use_poll=True,
    )


def _exit_normally(_signum, _frame) -> None:
    """SIGTERM (systemd's stop) ends the server like Ctrl-C: waitress finishes its requests and the exit
    handlers run, so the usage counts still in memory are written (by default SIGTERM kills at once)."""
    raise SystemExit(0)


def _write_counts(app, _signum, _frame) -> None:
    """SIGUSR1 (sent by the USB stick's report, deploy/usb): write the usage counts held in memory now, so
    the report has them; serving goes on."""
    batcher = app.extensions.get("kiosk_usage")
    if batcher is not None:
        batcher.flush()


def _freeze_start_up_objects(app) -> None:
    """Leave what start-up made (modules, templates, the app, and the installed version's agency index,
    caps and other per-version values, made now) out of Python's full garbage collections: under load one
    ran every few seconds, walked all of it and held every request for 25-30 ms; now it takes 2-5 ms.
    What requests make later is collected as before. (glibc's malloc arenas are capped by
    ``MALLOC_ARENA_MAX=2`` in the service units and container, where an operator sees it.)"""
    from .web.db import warm

    warm(app)
    gc.collect()
    gc.freeze()


def _quiet_queue_warnings() -> None:
    """Waitress warns "Task queue depth is N" for each request that has to wait for a worker: under load,
    one journal line per request (flash wear on a Pi, and a sixth of the server's time). Waiting is how a
    busy kiosk works, not a fault; real errors are still logged."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


@contextlib.contextmanager
def refusal(what: str):
    """Turn the named exceptions of keys, bundles, content and the store into one clear line (exit 1)."""
    try:
        yield
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{what}: {len(exc.problems)} problem(s) in the content") from None
    except bundle.BundleError as exc:
        raise click.ClickException(f"{what}: {exc} [{exc.code}]") from None
    except (keys.KeyFileError, builder.NotNewerError, store.StoreError) as exc:
        raise click.ClickException(f"{what}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"{what}: {exc.strerror or exc} ({exc.filename or ''})") from None


def still_serving(instance: Path) -> str:
    installed = store.serving_version(instance)
    return f"content version {installed} still serving" if installed is not None else "nothing installed yet"


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="publisher", show_default=True, help="Names the pair NAME.key and NAME.pub.")
def keygen(folder, name):
    """Make a publisher key pair: FOLDER/NAME.key (secret, mode 600) and FOLDER/NAME.pub.

    Keep the .key file with the publisher, never on a kiosk; give the .pub file to every kiosk
    (`kiosk trust`). An existing key is never overwritten.
    """
    with refusal("no key made"):
        secret, public = keys.generate(folder, name)
    click.echo(f"secret key: {secret} (keep it safe; never copy it to a kiosk)")
    click.echo(f"public key: {public} (fingerprint {keys.read_public(public).fingerprint})")


@cli.command()
@click.argument("pubfile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def trust(pubfile):
    """Accept content signed with the publisher key in PUBFILE (a .pub file from `kiosk keygen`).

    More than one key may be trusted at a time, so a publisher can move to a new key.
    """
    with refusal("key not trusted"):
        target = keys.trust(instance_path(), pubfile)
        key = keys.read_public(target)
    click.echo(f"trusted publisher key {key.name} (fingerprint {key.fingerprint}) in {target.parent}")


@cli.command("bundle")
@click.option(
    "--key", "key_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@content_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.kbundle")
def bundle_command(key_file, content_dir, out):
    """Check the content and write it, signed with KEY, as one file for `kiosk update` (e.g. on a USB stick)."""
    root = Path(content_dir or config.defaults()["CONTENT_DIR"])
    with refusal("no bundle written"):
        manifest = updates.make(root, key_file, out)
    click.echo(
        f"wrote {out}: content version {manifest.version}, {len(manifest.files)} files, key {manifest.key}"
    )


@cli.command()
@click.argument("bundle_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from", "feed_url", metavar="URL", help="Fetch the newest bundle from a feed (`kiosk publish`)."
)
def update(bundle_file, feed_url):
    """Install a signed content bundle (.kbundle, or the newest in the feed at URL) while the kiosk keeps serving.

    The signature must match a trusted key, every file its signed size and SHA-256, and the version must
    be newer than the installed one; the content is built and checked aside, then switched in at once.
    On any refusal the command exits non-zero, names the reason, and the installed content keeps serving.
    """
    instance = instance_path()
    if (bundle_file is None) == (feed_url is None):
        raise click.UsageError("give a bundle FILE or --from URL")
    if feed_url:
        return update_from_feed(instance, feed_url)
    with refusal(f"update refused ({still_serving(instance)})"):
        result = updates.install(instance, bundle_file)
    click.echo(f"installed content version {result.version} in {result.seconds:.1f}s; it is served now")


def update_from_feed(instance: Path, url: str) -> None:
    from .updates import feed

    with refusal(f"update refused ({still_serving(instance)})"):
        try:
            outcome = feed.update_from(url, instance, on_wait=lambda line: click.echo(line, err=True))
        except feed.FeedError as exc:
            raise click.ClickException(f"update refused (nothing changed): {exc}") from None
    done = f"{outcome.requests} request(s), {outcome.bytes_downloaded} bytes"
    if outcome.status == "installed":
        click.echo(f"installed content version {outcome.version} from the feed ({done}); it is served now")
    elif outcome.status == "rolled_back":
        click.echo(
            f"content version {outcome.version} stays: the feed offers version {outcome.index.version}, which "
            f"was rolled back on this kiosk; a newer version will be installed when the feed has one ({done})"
        )
    else:
        click.echo(
            f"content version {outcome.version} is up to date; the feed offers {outcome.index.version} ({done})"
        )


@cli.command()
@click.option(
    "--key", "key_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@content_option
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Feed folder.")
def publish(key_file, content_dir, out):
    """Add the content, signed with KEY, to the update feed in folder OUT and point its index.json at it.

    Serve OUT from any web server; kiosks run `kiosk update --from URL`. Copy new bundles to a mirror
    before index.json. The feed keeps the last three bundles.
    """
    from .updates import feed

    root = Path(content_dir or config.defaults()["CONTENT_DIR"])
    with refusal("nothing published"):
        try:
            index = feed.publish(root, key_file, out)
        except feed.PublishError as exc:
            raise click.ClickException(f"nothing published: {exc}") from None
    click.echo(f"published content version {index.version} as {out / index.bundle} ({index.size} bytes)")


@cli.command("kit")
@click.option(
    "--key", "key_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="A new or empty folder."
)
@click.option(
    "--arch", default="arm64,amd64", show_default=True, help="Debian architectures, comma-separated."
)
@click.option("--python", "pythons", default="3.11", show_default=True, help="Python versions of the kiosks.")
@content_option
@click.option(
    "--wheels-from",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Take the wheels from DIR/<arch>-py<X.Y>/ instead of downloading them.",
)
@click.option(
    "--debs-from",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Take the Debian packages from DIR/<arch>/ instead of downloading them.",
)
def kit_command(key_file, out, arch, pythons, content_dir, wheels_from, debs_from):
    """Make an install kit in OUT for kiosks with no internet: copy OUT to the top of a USB stick.

    It holds the program, every Python package (wheels) and Debian package it needs for each
    architecture, the content signed with KEY, the public key, INSTALL.sh (run `sudo sh INSTALL.sh` from
    the stick) and README.txt, and a SHA256SUMS signed with KEY. Needs internet, apt and pip here.
    """
    from .kit import make as kit

    split = lambda text: [part.strip() for part in text.split(",") if part.strip()]  # noqa: E731
    with refusal("no kit made"):
        try:
            made = kit.make(
                out,
                key_file,
                arches=split(arch),
                pythons=split(pythons),
                content=content_dir,
                wheels_from=wheels_from,
                debs_from=debs_from,
                log=click.echo,
            )
        except kit.KitError as exc:
            raise click.ClickException(f"no kit made: {exc}") from None
    sizes = ", ".join(f"{a} {size / 1e6:.0f} MB" for a, size in made.sizes.items())
    click.echo(
        f"kit in {out}: program {made.version}, content version {made.content_version}, "
        f"publisher key {made.fingerprint}; read per machine: {sizes}; a kiosk needs {made.need_mb} MB free"
    )


@cli.command()
def rollback():
    """Go back to the content version installed before the current one (kept by every update).

    The version left is remembered as rolled back: updates (from a feed or a stick) do not install it again;
    the next newer version does install."""
    with refusal("nothing rolled back"):
        folder = store.rollback(instance_path())
    click.echo(f"now serving content version {store.read_info(folder)['version']} again")


def settings():
    """The settings as the server reads them: defaults, ``<instance>/config.py``, ``KIOSK_*`` variables."""
    from flask import Config

    conf = Config(str(config.ROOT), config.defaults())
    conf.from_pyfile(str(instance_path() / "config.py"), silent=True)
    conf.from_prefixed_env("KIOSK")
    return conf


def day_option(name: str, what: str):
    def check(_ctx, _param, value):
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise click.BadParameter("give the date as YYYY-MM-DD") from None

    return click.option(name, metavar="DATE", callback=check, help=what)


@cli.command()
@day_option("--from", "First day counted (YYYY-MM-DD); default: the first ever.")
@day_option("--to", "Last day counted (YYYY-MM-DD); default: today.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "csv", "json"]), default="html", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["both", "vi", "en"]),
    default="both",
    show_default=True,
    help="Language of the HTML report.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: print).")
@click.option("--merge", is_flag=True, help="Add up the JSON reports FILE... of many kiosks instead.")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def report(fmt, lang, out, merge, files, **dates):
    """Usage counts by month and by week: page views and answers given, never anything typed.

    Any count from 1 to 4 is shown as "< 5". The HTML is one printable page with small charts; the JSON
    can be merged: `kiosk report --merge a.json b.json` adds up many kiosks' reports, by kiosk name (the
    KIOSK_NAME setting) and in total. Counts still in memory (at most USAGE_BATCH_SECONDS) are not in it.
    """
    from .usage import render, store
    from .usage import report as usage_report

    start, end = dates["from"], dates["to"]
    if start and end and start > end:
        raise click.BadParameter("--from is after --to")
    if merge != bool(files):
        raise click.UsageError("give --merge with the JSON reports to add up (and FILEs only then)")
    today = dt.date.today()
    if merge:
        made = usage_report.merge([read_report(f, files) for f in files], today)
    else:
        name = settings()["KIOSK_NAME"] or socket.gethostname()
        rows = store.read(store.counts_path(instance_path()), start, end)
        made = usage_report.build(rows, kiosk=name, today=today, start=start, end=end)
    text = render.as_html(made, lang) if fmt == "html" else render.FORMATS[fmt](made)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"wrote the usage report of {made.kiosk} to {out}", err=True)


def read_report(path: Path, files) -> object:
    """One kiosk's JSON report, for merging. :raise ClickException: unreadable, not a report, or the same
    report given twice (it would be counted twice)."""
    import json

    from .usage import report as usage_report

    data = path.read_bytes()
    if sum(1 for f in files if f.read_bytes() == data) > 1:
        raise click.ClickException(f"{path}: the same report is given twice; it would be counted twice")
    try:
        return usage_report.from_json(json.loads(data))
    except (ValueError, usage_report.ReportError) as exc:
        raise click.ClickException(
            f"{path}: not a usage report from `kiosk report --format json` ({exc})"
        ) from None


@cli.group()
def translations():
    """Keep the gettext catalogues (translations/) in step with the code."""


@translations.command("extract")
def translations_extract():
    """Collect every marked string into translations/messages.pot."""
    from .web import catalogues

    count = catalogues.extract()
    click.echo(f"{count} messages in {catalogues.TEMPLATE}")


@translations.command("update")
def translations_update():
    """Extract, then merge new strings into every language's messages.po."""
    from .web import catalogues

    catalogues.extract()
    for lang, missing in catalogues.update().items():
        click.echo(f"{lang}: {missing} messages need a translation")


@translations.command("compile")
def translations_compile():
    """Compile the catalogues into the instance folder (done automatically at start)."""
    from .web.i18n import compile_catalogues

    target = compile_catalogues(instance_path() / "translations")
    click.echo(f"compiled into {target}")


@cli.command("import-agencies")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@content_option
@click.option(
    "--source", required=True, help="Bibliography id of the list (add it to content/sources/ first)."
)
@click.option("--date", "source_date", required=True, help="The date the list was published, YYYY-MM-DD.")
@click.option("--yes", is_flag=True, help="Write the changes; without it, only show them.")
def import_agencies(file, content_dir, source, source_date, yes):
    """Import DOLAB's agency list (CSV or XLSX) into content/agencies.csv.

    Known firms keep their ids; the changes are shown first and written only with --yes. Example:
    kiosk import-agencies dolab-2026-01.xlsx --source dolab-list-2026-01 --date 2026-01-15 --yes
    """
    root = Path(content_dir or config.defaults()["CONTENT_DIR"])
    if importer.parse_date(source_date) != source_date:
        raise click.BadParameter("give the date as YYYY-MM-DD", param_hint="--date")
    try:
        result = importer.prepare(file, root, source=source, source_date=source_date, today=dt.date.today())
    except importer.AgencyImportError as exc:
        for line, reason in exc.problems:
            click.echo(f"{file.name}:{line}: {reason}", err=True)
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(importer.describe(result)))
    if not yes:
        click.echo("nothing written: run again with --yes to apply")
        return
    target = importer.write(root, result.agencies)
    click.echo(f"wrote {len(result.agencies)} agencies to {target}; run `kiosk build` to install them")
