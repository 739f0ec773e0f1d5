"""Reading the store file: one bounded read of a regular file, whatever sits at the path.

What is not a regular file (a FIFO, /dev/zero, a folder, a link to anything) is refused before a
byte is read, with one line saying what it is; a file cut short is refused, not shown as a smaller
store; and nothing of a file that is not a store is repeated to readers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loaders import StoreError, open_store
from loaders.yaml_source import LINK_MESSAGE

ROOT = Path(__file__).resolve().parent.parent
SMALL_STORE = ROOT / "tests" / "fixtures" / "small_store.yaml"
TODAY = dt.date(2026, 12, 1)
MEMORY_LIMIT = 1 << 30  # bytes of address space the child may use: /dev/zero read whole would take it all


def validate_in_child(path: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """`open_store(path)` in a child process with bounded memory and time, printing its problems.

    A reader that hangs (a FIFO with no writer) or reads without end (/dev/zero) fails the test
    instead of the test run."""
    code = textwrap.dedent(
        f"""
        import datetime as dt, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))
        from loaders import StoreError, open_store
        try:
            open_store(sys.argv[1], dt.date(2026, 12, 1))
        except StoreError as exc:
            print("\\n".join(str(p) for p in exc.problems))
            sys.exit(1)
        print("valid")
        """
    )
    try:
        return subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path} did not finish within {timeout} s")


def problems(path: Path) -> list[str]:
    with pytest.raises(StoreError) as info:
        open_store(path, TODAY)
    return [str(p) for p in info.value.problems]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "metrics.yaml"
    os.mkfifo(fifo)
    result = validate_in_child(fifo)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip() == f"{fifo}:1:1: this is a named pipe (FIFO), not a regular file: the store must be a plain file"


def test_dev_zero_is_refused_before_a_byte_is_read() -> None:
    result = validate_in_child(Path("/dev/zero"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    expected = "/dev/zero:1:1: this is a character device, not a regular file: the store must be a plain file"
    assert result.stdout.strip() == expected


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert problems(tmp_path) == [f"{tmp_path}:1:1: this is a folder, not a regular file: the store must be a plain file"]


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "metrics.yaml"
    with big.open("wb") as fh:
        fh.truncate(2 << 30)  # 2 GiB, sparse: nothing is written to disk
    result = validate_in_child(big, timeout=10)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.stdout.strip() == f"{big}:1:1: file is 2,147,483,648 bytes, over the limit of 8,388,608 bytes"


SECRET_LINES = "root:$6$Zm9vYmFyYmF6$h4shOfTheRootPasswordThatMustNeverBeShown:19000:0:99999:7:::\n"


def test_a_link_is_refused_and_what_it_points_at_is_never_shown(tmp_path: Path) -> None:
    target = tmp_path / "shadow"
    target.write_text(SECRET_LINES * 3, encoding="utf-8")
    link = tmp_path / "metrics.yaml"
    link.symlink_to(target)
    found = problems(link)
    assert found == [f"{link}:1:1: {LINK_MESSAGE}"]
    assert not any("h4sh" in line for line in found)


def test_a_link_to_a_valid_store_is_refused_too(tmp_path: Path) -> None:
    """The store is the regular file at the path the operator named, never what a link leads to."""
    link = tmp_path / "metrics.yaml"
    link.symlink_to(SMALL_STORE)
    assert problems(link) == [f"{link}:1:1: {LINK_MESSAGE}"]


def test_an_unknown_key_that_is_no_word_of_the_store_is_not_repeated(tmp_path: Path) -> None:
    store = tmp_path / "metrics.yaml"
    secret = "root:$6$Zm9vYmFyYmF6$h4shOfTheRootPasswordThatMustNeverBeShown"
    store.write_text(SMALL_STORE.read_text(encoding="utf-8") + f'"{secret}": 19000\n', encoding="utf-8")
    found = problems(store)
    assert not any("h4sh" in line or "root:" in line for line in found), found
    line = 1 + store.read_text(encoding="utf-8").splitlines().index(f'"{secret}": 19000')
    assert found == [f"{store}:{line}:1: an unknown key of {len(secret)} characters (not shown: not a key of the store)"]


def test_a_misspelt_key_is_still_named(tmp_path: Path) -> None:
    store = tmp_path / "metrics.yaml"
    store.write_text(SMALL_STORE.read_text(encoding="utf-8") + "evnets: []\n", encoding="utf-8")
    assert [line.split(": ", 1)[1] for line in problems(store)] == ["evnets: unknown key 'evnets'"]


def test_the_digest_is_of_the_bytes_that_were_parsed(tmp_path: Path) -> None:
    store = tmp_path / "metrics.yaml"
    raw = b"\xef\xbb\xbf" + SMALL_STORE.read_bytes()  # a byte-order mark: dropped for parsing, kept in the digest
    store.write_bytes(raw)
    assert open_store(store, TODAY).digest == hashlib.sha256(raw).hexdigest()


def test_a_store_cut_short_at_any_line_before_its_events_is_refused(tmp_path: Path) -> None:
    """A half-copied or half-saved store is refused, not shown as a smaller store."""
    lines = SMALL_STORE.read_text(encoding="utf-8").splitlines(keepends=True)
    first_event = lines.index("- id: fixture_early_model\n")
    store = tmp_path / "metrics.yaml"
    accepted = []
    for cut in range(1, first_event + 1):
        store.write_text("".join(lines[:cut]), encoding="utf-8")
        try:
            open_store(store, TODAY)
        except StoreError:
            continue
        accepted.append(cut)
    assert not accepted, f"cuts after these lines validate: {accepted}"


def test_a_store_without_its_last_sections_says_it_may_be_cut_short(tmp_path: Path) -> None:
    lines = SMALL_STORE.read_text(encoding="utf-8").splitlines(keepends=True)
    store = tmp_path / "metrics.yaml"
    store.write_text("".join(lines[: lines.index("plans:\n")]), encoding="utf-8")
    [found] = problems(store)
    assert found.endswith(
        ": the store has no 'plans', 'events': every store has sources, metrics with observations, plans and events. "
        "A file that ends early (cut short when copied, or still being saved) lacks its last sections"
    )
