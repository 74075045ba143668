"""`kiosk serve` under load: the real server in a subprocess, many clients at once."""

import concurrent.futures
import urllib.request

from support import serve

PATHS = ["/vi/", "/en/", "/api/v1/search?q=lua+dao&lang=vi", "/vi/search?q=bo+tron", "/api/v1/health"]


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status


def test_many_clients_at_once_are_all_served_and_leave_no_line_each_in_the_log(built_instance):
    # More clients than worker threads: requests wait their turn. Waitress warns about each one that
    # waits ("Task queue depth is N"), which under load was one journal line per request.
    with serve(built_instance) as server:
        urls = [server.url(PATHS[i % len(PATHS)]) for i in range(200)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(fetch, urls))
        output = server.output()
    assert statuses == [200] * len(urls)
    assert "Task queue depth" not in output
    assert "lua" not in output and "bo+tron" not in output and "bo tron" not in output
    assert len(output.splitlines()) <= 3, output[-2000:]
