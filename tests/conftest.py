"""Shared helpers and fixtures for the unit, integration and e2e tests.

`run_mcg` runs an `mcg` command in this process through click's CliRunner (a fresh
interpreter costs ~2 s of imports per call); `run_mcg_process` runs the real entry point in
a subprocess, for tests where the process boundary is the point (exit status of the real
`mcg`, hash seed, locale, time zone). `Servers` starts real servers on loopback ports that no
other test worker can be handed, and stops every one of them by PID.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
CORPUS = TESTS / "corpus"
MCG = [sys.executable, "-m", "monitoring_codegen"]

# Settings only a new interpreter honours: with any of these, run_mcg starts a real process.
_PROCESS_ONLY_ENV = ("PYTHON", "LC_", "LANG", "TZ")


def run_mcg_process(
    *args: str, cwd: Path, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The real `mcg` entry point in its own process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*MCG, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def run_mcg(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`mcg ARGS` run from `cwd`, in this process; the result reads like a subprocess's.

    An exception escaping the command is what the real entry point prints as a traceback:
    it goes to stderr (so "Traceback" checks keep their meaning) with exit status 1."""
    if env and any(key.startswith(_PROCESS_ONLY_ENV) for key in env):
        return run_mcg_process(*args, cwd=cwd, env=env, timeout=timeout)
    from click.testing import CliRunner

    from monitoring_codegen.cli import main

    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner(env=env).invoke(main, list(args), prog_name="mcg")
    finally:
        os.chdir(previous)
    stderr, code = result.stderr, result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
        code = 1
    return subprocess.CompletedProcess(["mcg", *args], code, result.stdout, stderr)


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A minimal mcg project: pyproject.toml plus the given definition modules."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.mcg]\ndefinitions = "definitions"\nout = "out"\n')
    (root / "definitions").mkdir(exist_ok=True)
    for name, content in files.items():
        path = root / "definitions" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"))
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its bytes: what 'untouched' is checked against."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def shipped():
    """The shipped definitions rendered once per test process (render_from's Build: .model,
    .rendered). Shared: a test that changes the model must restore it."""
    from monitoring_codegen.pipeline import render_from

    return render_from(str(REPO / "definitions"), str(REPO / "out"), start=REPO)


@pytest.fixture
def project(tmp_path):
    def make(files: dict[str, str]) -> Path:
        return write_project(tmp_path / "proj", files)

    return make


BASIC = {
    "catalog.py": """
        from monitoring_codegen import Metric, Datasource
        REQS = Metric(name="app_requests_total", type="counter", help="requests", labels=("route", "status"))
        PROM = Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090", is_default=True)
    """,
    "rules.py": """
        from monitoring_codegen import AlertRule, RecordingRule, RuleGroup
        GROUP = RuleGroup(name="app", rules=[
            RecordingRule(record="route:app_requests:rate5m", expr="sum by (route) (rate(app_requests_total[5m]))"),
            AlertRule(alert="AppErrors", for_="5m",
                      expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) / sum by (route) (rate(app_requests_total[5m])) > 0.1',
                      labels={"severity": "critical"}, annotations={"summary": "errors on {{ $labels.route }}"}),
        ])
    """,
    "boards.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        BOARD = Dashboard(folder="App", board=G.Dashboard(title="App", uid="app", panels=[
            G.TimeSeries(title="Requests", unit="reqps", targets=[G.Target(expr="sum(rate(app_requests_total[$__rate_interval]))")]),
            G.Stat(title="Now", format="reqps", targets=[G.Target(expr="sum(rate(app_requests_total[5m]))")]),
        ]))
    """,
}


# --- real servers on loopback ------------------------------------------------------------------
#
# Binding port 0, closing the socket and handing the number to a server races: any process may
# get that port before the server binds it (an outgoing connection is given a port from the
# same ephemeral range). So ports come from below the ephemeral range, each locked with flock in
# a machine-wide folder while its test runs (no other xdist worker or concurrent pytest run
# picks it); a server that still finds its port taken is started again on a fresh one, and a
# server only counts as up when the process we started is the one listening.

_PORT_LOCKS = Path(tempfile.gettempdir()) / "mcg-test-ports"


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def _port_candidates() -> range:
    low, high = _ephemeral_range()
    return range(20000, low) if low > 21000 else range(high + 1, 65536)


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class ReservedPort(int):
    """A port number that holds its lock until released."""

    fd: int

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def reserve_port(attempts: int = 500) -> ReservedPort:
    _PORT_LOCKS.mkdir(mode=0o777, parents=True, exist_ok=True)
    candidates = _port_candidates()
    for _ in range(attempts):
        port = random.choice(candidates)
        fd = os.open(_PORT_LOCKS / f"{port}.lock", os.O_CREAT | os.O_RDWR, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        if _bindable(port):
            reserved = ReservedPort(port)
            reserved.fd = fd
            return reserved
        os.close(fd)
    raise RuntimeError(f"no free loopback port found in {attempts} tries")


def _listening_inodes(port: int) -> set[str] | None:
    """Inodes of sockets listening on the port (None where /proc cannot tell)."""
    inodes: set[str] = set()
    readable = False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        readable = True
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes if readable else None


def listens_on(pid: int, port: int) -> bool:
    """Whether process `pid` holds a socket listening on `port` (True where /proc cannot tell)."""
    inodes = _listening_inodes(port)
    if inodes is None:
        return True
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return True
    for fd in fds:
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{fd}").removeprefix("socket:[").rstrip("]") in inodes:
                return True
    return False


class PortInUse(Exception):
    """The server could not bind its port: someone else has it."""


class Server:
    def __init__(self, name: str, port: int, proc: subprocess.Popen, log: Path) -> None:
        self.name, self.port, self.proc, self.log_path = name, port, proc, log
        self.url = f"http://127.0.0.1:{port}"
        self.stopped = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self, tail: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:] if self.log_path.exists() else ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, grace: float = 10) -> None:
        """SIGTERM by PID, then SIGKILL; every wait bounded."""
        self.stopped = True
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Servers:
    """Servers a test starts on loopback; all stopped by PID at the end (the `servers` fixture)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.started: list[Server] = []
        self.ports: list[ReservedPort] = []

    def port(self) -> int:
        """A port reserved for this test until it ends."""
        reserved = reserve_port()
        self.ports.append(reserved)
        return reserved

    def launch(
        self, name: str, command: list[str], port: int, *, env: dict | None = None, cwd: Path | None = None
    ) -> Server:
        """Start a process that is to listen on `port`; `wait` tells whether it does."""
        log = self.workdir / f"{name}-{port}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd
            )
        server = Server(name, port, proc, log)
        self.started.append(server)
        return server

    def wait(self, server: Server, ready: str = "/-/ready", timeout: float = 30) -> Server:
        """Until the server answers `ready`; PortInUse (server stopped) if its port was taken."""
        state = self._wait_ready(server, ready, timeout)
        if state == "ready":
            return server
        server.stop()
        if state == "port in use":
            raise PortInUse(f"{server.name}: 127.0.0.1:{server.port} is taken\n{server.log()}")
        raise AssertionError(f"{server.name} did not become ready on {server.url} ({state}):\n{server.log()}")

    def start(
        self,
        name: str,
        command: Callable[[int], list[str]],
        *,
        ready: str = "/-/ready",
        timeout: float = 30,
        attempts: int = 4,
        env: dict | None = None,
        cwd: Path | None = None,
    ) -> Server:
        """Start `command(port)` on a reserved port and wait until it answers `ready`; a port
        that turns out to be taken is replaced by a fresh one, up to `attempts` times."""
        for attempt in range(1, attempts + 1):
            server = self.launch(name, command(port := self.port()), port, env=env, cwd=cwd)
            try:
                return self.wait(server, ready, timeout)
            except PortInUse:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _wait_ready(server: Server, ready: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not server.alive():
                in_use = (
                    "address already in use" in server.log().lower()
                    or f"errno {errno.EADDRINUSE}" in server.log().lower()
                )
                return "port in use" if in_use else f"exited with {server.proc.returncode}"
            if _http_ok(server.url + ready):
                # Someone else's server may answer on a port ours failed to bind: check it is ours.
                if listens_on(server.pid, server.port):
                    return "ready"
                if not server.alive() or time.monotonic() + 0.5 > deadline:
                    return "port in use"
            time.sleep(0.1)
        return f"no answer on {ready} within {timeout:.0f}s"

    def check_alive(self) -> None:
        for server in self.started:
            if not server.stopped and not server.alive():
                raise AssertionError(f"{server.name} exited with {server.proc.returncode}:\n{server.log()}")

    def stop_all(self) -> None:
        for server in reversed(self.started):
            if server.alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(server.pid, signal.SIGTERM)
        for server in reversed(self.started):
            server.stop()
        for reserved in self.ports:
            reserved.release()
        self.ports.clear()


@pytest.fixture
def servers(tmp_path):
    running = Servers(tmp_path / "server-logs")
    try:
        yield running
    finally:
        running.stop_all()
