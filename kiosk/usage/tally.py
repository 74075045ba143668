"""Counts kept in memory between batches, and the thread that writes a batch at most every few minutes.

A request only adds one to a dictionary entry (under a lock, so two worker threads never lose a count);
the SD card is written once a batch, in one transaction, never per request. A crash or power cut loses
the counts of the batch in memory (at most ``seconds``), never the file: see :mod:`.store`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("kiosk.usage")

#: ``(day, surface, lang, event, detail)``: day is a ``datetime.date``; the rest are codes.
Key = tuple


class Tally:
    def __init__(self) -> None:
        self._counts: dict[Key, int] = {}
        self._lock = threading.Lock()

    def add(self, key: Key) -> None:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1

    def take(self) -> dict[Key, int]:
        """Everything counted since the last take, leaving the tally empty."""
        with self._lock:
            counts, self._counts = self._counts, {}
        return counts

    def put_back(self, counts: dict[Key, int]) -> None:
        """Counts a failed write could not keep: they go into the next batch."""
        with self._lock:
            for key, n in counts.items():
                self._counts[key] = self._counts.get(key, 0) + n


class Batcher:
    """Writes the tally with ``write(counts)`` every ``seconds`` (only when something was counted), and
    once more at :meth:`stop` (process exit)."""

    def __init__(self, tally: Tally, write: Callable[[dict], None], seconds: float):
        self.tally, self.write, self.seconds = tally, write, seconds
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kiosk-usage", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.wait(self.seconds):
            self.flush()

    def flush(self) -> int:
        """Write what is counted now; returns how many counts were written (0 when nothing was)."""
        counts = self.tally.take()
        if not counts:
            return 0
        try:
            self.write(counts)
        except Exception as exc:  # a full or read-only disk must never stop the kiosk serving
            self.tally.put_back(counts)
            log.warning("usage counts not written (%s); kept for the next batch", type(exc).__name__)
            return 0
        return sum(counts.values())

    def stop(self) -> None:
        self._stopping.set()
        self.flush()
