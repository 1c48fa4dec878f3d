"""The test suite's own server helper: a server whose port is taken meanwhile is started again
on a fresh port, and a server answering on the port is only taken for ours if ours listens."""

from __future__ import annotations

import http.server
import os
import shutil
import threading

import conftest
import pytest
from conftest import PortInUse, listens_on, reserve_port

PROMETHEUS = shutil.which("prometheus")
needs_prometheus = pytest.mark.skipif(not PROMETHEUS, reason="prometheus not installed (make test-tools)")


class _Ready(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def squatter():
    """Someone else's HTTP server on a reserved port, answering 200 to everything."""
    port = reserve_port()
    server = http.server.HTTPServer(("127.0.0.1", port), _Ready)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield port
    finally:
        server.shutdown()
        server.server_close()
        port.release()


def _prometheus(tmp_path):
    config = tmp_path / "prometheus.yml"
    config.write_text("global: {}\n")
    return lambda port: [
        PROMETHEUS,
        f"--config.file={config}",
        f"--storage.tsdb.path={tmp_path / f'data-{port}'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]


def test_reserved_ports_are_distinct_and_outside_the_ephemeral_range():
    low, high = conftest._ephemeral_range()
    ports = [reserve_port() for _ in range(20)]
    try:
        assert len(set(ports)) == 20
        assert not [p for p in ports if low <= p <= high]
    finally:
        for port in ports:
            port.release()


@needs_prometheus
def test_a_taken_port_is_reported_not_mistaken_for_our_server(tmp_path, servers, squatter):
    server = servers.launch("prometheus", _prometheus(tmp_path)(squatter), squatter)
    with pytest.raises(PortInUse):
        servers.wait(server)
    assert not server.alive()


def test_listens_on_tells_the_owner_of_a_listening_socket(squatter, servers):
    assert listens_on(os.getpid(), squatter)
    other = servers.launch("sleeper", ["sleep", "30"], squatter)
    assert not listens_on(other.pid, squatter)


@needs_prometheus
def test_start_moves_to_a_fresh_port_when_the_first_is_taken(tmp_path, servers, squatter, monkeypatch):
    handed = iter([squatter])
    fresh = servers.port
    monkeypatch.setattr(servers, "port", lambda: next(handed, None) or fresh())
    server = servers.start("prometheus", _prometheus(tmp_path))
    assert server.port != squatter and server.alive() and listens_on(server.pid, server.port)
    assert [s.port for s in servers.started] == [squatter, server.port]
    servers.stop_all()
    assert not server.alive()
