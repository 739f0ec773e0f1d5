"""The safe defaults in .streamlit/config.toml: local only, XSRF on, nothing sent home, no tracebacks."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def config() -> dict[str, dict[str, object]]:
    with CONFIG.open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize(
    ("section", "key", "expected"),
    [
        ("server", "address", "127.0.0.1"),  # reachable from this machine only
        ("server", "enableXsrfProtection", True),
        ("server", "enableCORS", True),  # Streamlit's default; off would let other origins call the server
        # WebSockets only under these names: a page whose host name was rebound to 127.0.0.1 is refused
        ("server", "allowedHosts", ["localhost", "127.0.0.1"]),
        ("server", "fileWatcherType", "none"),  # no code reloads while in use
        ("server", "runOnSave", False),
        ("server", "disconnectedSessionTTL", 15),  # a session left behind is freed soon; the link keeps the view
        ("browser", "gatherUsageStats", False),  # no usage statistics leave the machine
        # Set by hand, it is the one URL Streamlit prints at start; unset, Streamlit looks up the
        # machine's addresses (a UDP connect to 8.8.8.8 and, headless, GET checkip.amazonaws.com),
        # including when serving to a team with --server.address 0.0.0.0.
        ("browser", "serverAddress", "localhost"),
        ("client", "showErrorDetails", "none"),  # never a traceback in front of a reader
        ("client", "toolbarMode", "viewer"),  # no developer menu (rerun, settings, clear cache) for readers
    ],
)
def test_safe_default(config: dict[str, dict[str, object]], section: str, key: str, expected: object) -> None:
    assert config.get(section, {}).get(key) == expected, f"[{section}] {key} should be {expected!r}"


def test_uploads_are_as_small_as_streamlit_allows(config: dict[str, dict[str, object]]) -> None:
    # The app has no upload widget; the cap (MB) bounds what a stray request can make the server hold.
    assert config["server"]["maxUploadSize"] == 1


def test_every_option_is_one_streamlit_knows() -> None:
    """A misspelt key is silently ignored by Streamlit, which would quietly drop a safe default."""
    from streamlit import config as st_config

    with CONFIG.open("rb") as fh:
        parsed = tomllib.load(fh)
    known = set(st_config._config_options_template)  # type: ignore[attr-defined]
    unknown = [f"{section}.{key}" for section, values in parsed.items() for key in values if f"{section}.{key}" not in known]
    assert not unknown, f"options Streamlit does not know: {unknown}"


@pytest.mark.parametrize("key", ["enableAgentApi", "enableStaticServing"])
def test_extra_server_surfaces_stay_off(config: dict[str, dict[str, object]], key: str) -> None:
    # Both default to off; the file must not turn them on (an HTTP/MCP control API, a static file tree).
    assert config.get("server", {}).get(key, False) is False


def test_selected_controls_wear_the_house_ink_not_an_error_red(config: dict[str, dict[str, object]]) -> None:
    from charts.theme import INK

    assert config["theme"]["primaryColor"] == INK


def test_no_full_garbage_collection_after_every_run(config: dict[str, dict[str, object]]) -> None:
    """Streamlit collects all garbage after each script run unless runner.postScriptGC is off: with the
    store and built pages in memory that was most of a page view's server CPU (docs/performance.md). Fails
    when Streamlit stops reading the option where it collects."""
    import inspect

    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    assert config["runner"]["postScriptGC"] is False
    source = inspect.getsource(ScriptRunner._on_script_finished)
    assert 'get_option("runner.postScriptGC")' in source and "gc.collect" in source
