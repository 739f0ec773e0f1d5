"""The app makes no network calls at run time, and serving it never writes the store.

Two independent witnesses watch a real `streamlit run` while Chromium visits every page:

- inside the server, a Python audit hook (a `sitecustomize.py` put first on PYTHONPATH) records
  every `socket.connect`, `socket.sendto` and `socket.getaddrinfo` whose destination is not the
  loopback interface;
- in the browser, a route handler aborts and records every request to a host other than
  127.0.0.1 or localhost, and every WebSocket opened elsewhere.

Both records must be empty, and every page must still draw all its charts. Where the kernel lets
an unprivileged user make a network namespace (`unshare -rn`), the same test is run again inside
one that has only a loopback interface.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.harness import PAGES, Server, expected_chart_counts, streamlit_server, wait_for_page

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
LOG_ENV = "OFFLINE_AUDIT_LOG"
IN_NETNS_ENV = "OFFLINE_TEST_IN_NETNS"

SITECUSTOMIZE = textwrap.dedent(
    f'''
    """Test-only: record every non-loopback network destination this Python process tries to reach."""
    import ipaddress
    import os
    import sys

    _LOG = os.environ.get("{LOG_ENV}")


    def _write(line):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(line + "\\n")


    def _is_local(host):
        if host is None or host in ("", "localhost", b"localhost"):
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False


    def _hook(event, args):
        try:
            if event == "socket.getaddrinfo":
                host = args[0]
            elif event in ("socket.connect", "socket.sendto"):
                address = args[1]
                if not isinstance(address, tuple):  # AF_UNIX paths and the like stay on the machine
                    return
                host = address[0]
            else:
                return
            if not _is_local(host):
                _write(f"{{os.getpid()}} {{event}} {{args[1:] if event != 'socket.getaddrinfo' else args[:2]!r}}")
        except Exception as exc:  # never break the process being watched
            _write(f"{{os.getpid()}} hook-error {{exc!r}}")


    if _LOG:
        sys.addaudithook(_hook)
        _write(f"hook-installed {{os.getpid()}}")
    '''
)


def audit_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """Environment that installs the audit hook in every Python process started with it."""
    hook_dir = tmp_path / "audit_hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "audit.log"
    log.touch()
    path = os.pathsep.join(p for p in (str(hook_dir), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, LOG_ENV: str(log)}, log


def read_audit(log: Path) -> tuple[set[int], list[str]]:
    installed, outside = set(), []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("hook-installed "):
            installed.add(int(line.split()[1]))
        elif line.strip():
            outside.append(line)
    return installed, outside


def snapshot(path: Path) -> tuple[str, int, int, list[str]]:
    data = path.read_bytes()
    st = path.stat()
    return hashlib.sha256(data).hexdigest(), st.st_size, st.st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def test_audit_hook_sees_an_outside_lookup(tmp_path: Path) -> None:
    """The witness works: a lookup of a public name is recorded, loopback traffic is not."""
    env, log = audit_env(tmp_path)
    code = textwrap.dedent(
        """
        import socket
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); port = s.getsockname()[1]
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        socket.getaddrinfo("localhost", port)
        try:
            socket.getaddrinfo("example.com", 443)
        except OSError:
            pass
        """
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, check=True, timeout=60)
    installed, outside = read_audit(log)
    assert installed, "sitecustomize.py was not imported"
    assert len(outside) == 1 and "example.com" in outside[0], outside


def visit_every_page(browser, server: Server, counts: dict[str, int]) -> tuple[list[str], dict[str, int], list[str]]:  # type: ignore[no-untyped-def]
    """Visit each page with every non-local request aborted; returns (outside requests, charts drawn, errors)."""
    outside: list[str] = []
    errors: list[str] = []
    drawn: dict[str, int] = {}

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(url)
            route.abort("blockedbyclient")

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.route("**/*", guard)
        page = context.new_page()
        page.on("websocket", lambda ws: None if urlsplit(ws.url).hostname in LOCAL_HOSTS else outside.append(ws.url))
        for slug in PAGES:
            page.goto(f"{server.url}/{slug}", wait_until="domcontentloaded", timeout=30_000)
            drawn[slug] = wait_for_page(page, counts[slug])
            n_exc = page.locator('[data-testid="stException"]').count()
            if n_exc:
                errors.append(f"/{slug}: {n_exc} exception(s) shown")
        page.wait_for_timeout(500)  # late requests (fonts, images) after the last page
    finally:
        context.close()
    return outside, drawn, errors


@pytest.mark.browser
def test_no_network_at_run_time_and_the_store_is_never_written(browser, tmp_path: Path, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    store = store_dir / "metrics.yaml"
    shutil.copy2(ROOT / "metrics.yaml", store)
    os.utime(store, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))  # a known mtime, well in the past
    before = snapshot(store)
    counts = expected_chart_counts(store)
    env, log = audit_env(tmp_path)

    with streamlit_server(store, extra_env=env, log_dir=artifacts) as server:
        outside_requests, drawn, errors = visit_every_page(browser, server, counts)
        server_pid = server.pid
    installed, outside_calls = read_audit(log)

    assert server_pid in installed, f"the audit hook was not installed in the server (pids {installed})"
    assert not outside_calls, "the server tried to reach the network:\n" + "\n".join(outside_calls)
    assert not outside_requests, "the page requested non-local URLs:\n" + "\n".join(outside_requests)
    assert not errors, errors
    short = {slug or "overview": (drawn[slug], counts[slug]) for slug in PAGES if drawn[slug] < counts[slug]}
    assert not short, f"pages that did not draw all their charts (drawn, expected): {short}"
    assert snapshot(store) == before, "serving the dashboard changed the store file or its folder"


def _netns_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# Bring up `lo` in the new namespace (it starts down) without needing iproute2, then run pytest.
_LO_UP_THEN_PYTEST = textwrap.dedent(
    """
    import fcntl, os, socket, struct, sys
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH14s", b"lo", 0, b""))[:18])[1]
    fcntl.ioctl(s, 0x8914, struct.pack("16sH14s", b"lo", flags | 0x1, b""))
    s.close()
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *sys.argv[1:]])
    """
)


@pytest.mark.browser
@pytest.mark.skipif(os.environ.get(IN_NETNS_ENV) == "1", reason="already inside the network namespace")
def test_same_check_inside_a_network_namespace_with_only_loopback(tmp_path: Path) -> None:
    if not _netns_available():
        pytest.skip("unshare -rn is not permitted here (optional check)")
    node = f"{Path(__file__).relative_to(ROOT).as_posix()}::test_no_network_at_run_time_and_the_store_is_never_written"
    result = subprocess.run(
        ["unshare", "-rn", sys.executable, "-c", _LO_UP_THEN_PYTEST, node, "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "inner")],
        cwd=ROOT,
        env={**os.environ, IN_NETNS_ENV: "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout, result.stdout[-2000:]
