"""QR codes drawn on the server as inline SVG: how a result, a plan or an address goes home on a phone,
with no script and nothing fetched. The one place the kiosk makes a QR code."""

from __future__ import annotations


class TooLong(Exception):
    """The text does not fit in a QR code."""


def svg(text: str, *, title: str = "", error: str = "l", scale: int = 3) -> str:
    """``text`` as an inline ``<svg>`` (no size attributes: the stylesheet sizes it).

    A fixed mask: choosing the best of eight costs about four times the time for no gain a camera notices.

    :raise TooLong: the text is too long for a QR code.
    """
    import segno  # loaded on first use: most requests draw no code, and a Pi's memory is small

    try:
        code = segno.make(text, error=error, micro=False, mask=0)
    except segno.DataOverflowError:
        raise TooLong() from None
    return code.svg_inline(scale=scale, border=2, omitsize=True, title=title or None, svgclass="qr-code")


def wifi_svg(ssid: str, password: str, *, title: str = "") -> str:
    """The join-this-network code phones read from their camera (WPA, or open when there is no password)."""
    import segno.helpers

    code = segno.helpers.make_wifi(ssid=ssid, password=password or None, security="WPA" if password else None)
    return code.svg_inline(scale=3, border=2, omitsize=True, title=title or None, svgclass="qr-code")
