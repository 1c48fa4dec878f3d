"""out/docs/ in a real headless browser (Debian's chromium, driven over the DevTools protocol):
every HTML page loads, every link into the docs resolves (the page exists and so does the
#anchor), and no page logs a console error, throws, or fails to load a resource.

The committed docs of the shipped definitions are served by a static file server on
127.0.0.1. Chromium runs in a session of its own with a fresh profile and is killed by its
process group id whatever happens. MCG_UPDATE_SCREENSHOT=1 also writes the screenshot the
README shows (docs/screenshot-runbook.png).
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from conftest import REPO, reserve_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT_PAGE = "alerts/HighAgentErrorRate.html"
# Every wait is bounded by this: a hung browser or server fails the test instead of stalling CI.
DEADLINE_SECONDS = 60

# CI installs chromium (make test-tools): there a missing browser fails instead of skipping.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (make test-tools installs Debian's chromium)",
)


def _get(url: str, timeout: float = 2) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _wait_for(url: str, proc: subprocess.Popen, deadline: float) -> bytes:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args[0]} exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            status, body = _get(url, timeout=1)
            if status == 200:
                return body
        time.sleep(0.1)
    raise AssertionError(f"no answer from {url}")


@contextlib.contextmanager
def _process(command: list[str], log: Path):
    """A process in its own session (chromium starts helpers): killed with its group by PID."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)


class DevTools:
    """The DevTools protocol over one page's websocket: commands, and the events between them."""

    def __init__(self, websocket_url: str, deadline: float) -> None:
        import websocket

        self.ws = websocket.create_connection(websocket_url, timeout=10, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        self.deadline = deadline

    def call(self, method: str, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            assert time.monotonic() < self.deadline, f"DevTools: no answer to {method} in time"
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                assert "error" not in message, (method, message["error"])
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_event(self, method: str) -> dict:
        while True:
            for index, event in enumerate(self.events):
                if event["method"] == method:
                    return self.events.pop(index)
            assert time.monotonic() < self.deadline, f"DevTools: no {method} in time"
            message = json.loads(self.ws.recv())
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"]["value"]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


# What is read from each loaded page, in one round trip.
PAGE_FACTS = """({
  title: document.title,
  heading: document.querySelector('main h1') !== null,
  header: getComputedStyle(document.querySelector('header')).backgroundColor,
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
})"""


def _problems(events: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions, failed loads and HTTP errors among DevTools events."""
    found = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            found.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        elif method == "Network.loadingFailed":
            found.append(f"load failed: {params.get('errorText')}")
        elif method == "Network.responseReceived" and params["response"].get("status", 200) >= 400:
            found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
    return found


def test_docs_load_link_and_log_nothing_in_chromium(tmp_path):
    assert CHROMIUM, "chromium is not installed (make test-tools installs Debian's chromium)"
    started = time.monotonic()
    deadline = started + DEADLINE_SECONDS
    # The committed docs, as they are deployed (tests/unit/test_cmd_check.py keeps out/ equal
    # to a fresh build; tests/unit/test_docs.py builds docs from varied definitions).
    docs = REPO / "out" / "docs"
    html_pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.html"))
    assert len(html_pages) >= 10 and "index.html" in html_pages and SCREENSHOT_PAGE in html_pages

    browser_started = time.monotonic()
    http_port, devtools_port = reserve_port(), reserve_port()
    try:
        server_cmd = [
            sys.executable,
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(docs),
            str(http_port),
        ]
        profile = tmp_path / "chromium-profile"
        chromium_cmd = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--remote-allow-origins=*",
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            f"--remote-debugging-port={devtools_port}",
            "--window-size=1280,1600",
            "about:blank",
        ]
        with (
            _process(server_cmd, tmp_path / "http.log") as server,
            _process(chromium_cmd, tmp_path / "chromium.log") as chromium,
        ):
            base = f"http://127.0.0.1:{http_port}/"
            _wait_for(base + "index.html", server, deadline)
            _wait_for(f"http://127.0.0.1:{devtools_port}/json/version", chromium, deadline)
            targets = json.loads(_get(f"http://127.0.0.1:{devtools_port}/json/list")[1])
            page_target = next(t for t in targets if t.get("type") == "page")
            devtools = DevTools(page_target["webSocketDebuggerUrl"], deadline)
            try:
                for domain in ("Page", "Runtime", "Log", "Network"):
                    devtools.call(f"{domain}.enable")
                ready = time.monotonic()
                links: dict[str, list[str]] = {}
                anchors: dict[str, set[str]] = {}
                for page in html_pages:
                    devtools.events.clear()
                    devtools.call("Page.navigate", url=base + page)
                    devtools.wait_event("Page.loadEventFired")
                    seen = devtools.evaluate(PAGE_FACTS)
                    assert seen["title"] and seen["title"] != page, f"{page}: no title"
                    assert seen["heading"], f"{page}: no heading"
                    # The stylesheet applied: the header bar is dark.
                    assert seen["header"] == "rgb(36, 41, 47)", page
                    links[page] = seen["links"]
                    anchors[page] = set(seen["ids"])
                    problems = _problems(devtools.events)
                    assert not problems, f"{page}: {problems}"

                checked = time.monotonic()
                devtools.call("Page.navigate", url=base + SCREENSHOT_PAGE)
                devtools.wait_event("Page.loadEventFired")
                shot = base64.b64decode(
                    devtools.call(
                        "Page.captureScreenshot",
                        format="png",
                        clip={"x": 0, "y": 0, "width": 1280, "height": 1400, "scale": 1},
                    )["data"]
                )
            finally:
                devtools.close()
    finally:
        http_port.release()
        devtools_port.release()

    # Every link into the docs names an existing file, and an existing #anchor on an HTML page.
    internal = 0
    for page, hrefs in links.items():
        for href in hrefs:
            if not href.startswith(base):
                assert urlsplit(href).scheme in ("http", "https"), f"{page}: odd link {href}"
                continue
            internal += 1
            target, fragment = urldefrag(href[len(base) :])
            assert (docs / target).is_file(), f"{page}: link to missing {target}"
            if fragment and target.endswith(".html"):
                assert fragment in anchors[target], f"{page}: {target} has no #{fragment}"
    assert internal > 10 * len(html_pages) // 2
    # The runbook page links to its dashboards and the metric catalog.
    assert any("/dashboards/" in href for href in links[SCREENSHOT_PAGE])
    assert any("metrics.html#" in href for href in links[SCREENSHOT_PAGE])

    assert shot.startswith(b"\x89PNG\r\n\x1a\n") and len(shot) > 10_000
    if os.environ.get("MCG_UPDATE_SCREENSHOT"):
        (REPO / "docs" / "screenshot-runbook.png").write_bytes(shot)
    print(
        f"{len(html_pages)} pages, {internal} internal links; chromium and the server ready in "
        f"{ready - browser_started:.1f} s, pages checked in {checked - ready:.1f} s"
    )
