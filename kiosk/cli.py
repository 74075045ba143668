"""The `kiosk` command. A bare `kiosk` serves; each command parses options, calls a module, and turns a
named exception into a one-line error (no traceback)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from click_default_group import DefaultGroup

from . import build as builder
from . import config, store
from .content import ContentError


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


def run_build(content_dir: Path | None) -> builder.BuildResult:
    root = Path(content_dir or config.defaults()["CONTENT_DIR"])
    try:
        return builder.build(root, instance_path())
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"content not installed: {len(exc.problems)} problem(s) in {root}"
        ) from None
    except builder.NotNewerError as exc:
        raise click.ClickException(str(exc)) from None


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
@click.option("--threads", default=4, show_default=True, type=int, help="Worker threads.")
@click.option("--get", "get_path", default=None, help="Print the response to one GET of PATH and exit.")
def serve(host, port, threads, get_path):
    """Serve the kiosk (builds the bundled content first if none is installed).

    A new content version installed while it runs is served at once, without a restart.
    """
    from . import create_app

    if store.current_dir(instance_path()) is None:
        result = run_build(None)
        click.echo(f"installed content version {result.version}", err=True)
    app = create_app()
    if get_path:
        response = app.test_client().get(get_path)
        click.echo(response.get_data(as_text=True))
        sys.exit(0 if response.status_code == 200 else 1)
    import waitress

    click.echo(f"kiosk serving on http://{host}:{port}/", err=True)
    waitress.serve(
        app, host=host, port=port, threads=threads, ident="kiosk", clear_untrusted_proxy_headers=True
    )


@cli.group()
def translations():
    """Keep the gettext catalogues (translations/) in step with the code."""


@translations.command("extract")
def translations_extract():
    """Collect every marked string into translations/messages.pot."""
    from . import catalogues

    count = catalogues.extract()
    click.echo(f"{count} messages in {catalogues.TEMPLATE}")


@translations.command("update")
def translations_update():
    """Extract, then merge new strings into every language's messages.po."""
    from . import catalogues

    catalogues.extract()
    for lang, missing in catalogues.update().items():
        click.echo(f"{lang}: {missing} messages need a translation")


@translations.command("compile")
def translations_compile():
    """Compile the catalogues into the instance folder (done automatically at start)."""
    from .i18n import compile_catalogues

    target = compile_catalogues(instance_path() / "translations")
    click.echo(f"compiled into {target}")
