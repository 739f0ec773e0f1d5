"""The server stays local: foreign WebSocket handshakes are refused without a network call, and a
rebound host name is refused.

A real `streamlit run` under the Python audit hook of tests/test_offline.py (every non-loopback
`socket.connect`, `socket.sendto` and `socket.getaddrinfo` recorded). A reader opens the dashboard
first, as on any running server; then WebSocket handshakes arrive as a hostile page in the
reader's browser would send them.
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.harness import expected_chart_counts, streamlit_server, wait_for_page
from tests.test_offline import audit_env, read_audit

pytestmark = pytest.mark.browser

STORE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
HANDSHAKES = 20


def handshake(port: int, host: str, origin: str | None) -> str:
    """The status line the server answers a WebSocket upgrade of its stream with."""
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode("ascii", "replace")


def test_foreign_origins_and_rebound_hosts_are_refused_without_a_network_call(browser, tmp_path: Path, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    env, log = audit_env(tmp_path)
    with streamlit_server(STORE, extra_env=env, log_dir=artifacts) as server:
        port = urlsplit(server.url).port
        assert port is not None
        page = browser.new_page()
        try:
            page.goto(server.url)
            wait_for_page(page, expected_chart_counts(STORE)[""], timeout_ms=60_000)
        finally:
            page.close()
        local = f"127.0.0.1:{port}"
        # the control: the app's own page may connect
        assert handshake(port, local, f"http://{local}").startswith("HTTP/1.1 101"), "a same-origin handshake was refused"
        foreign = [handshake(port, local, "http://evil.example") for _ in range(HANDSHAKES)]
        # DNS rebinding: evil.example now resolves to 127.0.0.1, so the browser sends its name as Host
        rebound = handshake(port, f"evil.example:{port}", f"http://evil.example:{port}")
        rebound_no_origin = handshake(port, f"evil.example:{port}", None)
        server_pid = server.pid
    installed, outside = read_audit(log)
    assert server_pid in installed, "the audit hook was not installed in the server"
    assert all(not line.startswith("HTTP/1.1 101") for line in foreign), foreign[:3]
    assert not rebound.startswith("HTTP/1.1 101"), rebound
    assert not rebound_no_origin.startswith("HTTP/1.1 101"), rebound_no_origin
    assert not outside, f"{len(outside)} network call(s) during {HANDSHAKES} refused handshakes:\n" + "\n".join(outside[:10])
