"""Definitions run isolated: whatever a definitions module does, a command either completes
with the full model or exits 2 naming the module.

A definitions folder is user code, imported by every command. Imported in mcg's own process,
`os._exit(0)` in a module made `mcg check` pass without checking anything, a `print()` landed
in `--format json` output, and a non-daemon thread kept `mcg build` from ever exiting.

So the `mcg` entry point (`run`) lets the command fork when it is about to load definitions:

- the child imports the definitions and carries on with the whole command. While it imports,
  its standard output is the parent's standard error, so nothing a module prints can mix into
  machine-readable output. Over a pipe it tells the parent which module it is importing, that
  loading is done, and finally the exit code; then it leaves with `os._exit`, so threads a
  module started cannot hold the process open;
- the parent only waits. If the child ends without saying its exit code (os._exit, a signal
  such as SIGSEGV, the OOM killer), or a module takes longer to import than the load timeout
  (`[tool.mcg] load_timeout`, default 60 s), the parent reports the module and exits 2.

The cost is one fork (about a millisecond) and a pipe; measured in bench/. Where fork is not
available (Windows) or mcg runs inside another program (click's CliRunner in tests), the
definitions are imported in-process as before, with stdout still routed to stderr.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from collections.abc import Iterator

from monitoring_codegen.errors import McgError

DEFAULT_LOAD_TIMEOUT = 60.0


class _State:
    enabled = False  # set by the real entry point only
    pipe: int | None = None  # the child's end of the pipe to the parent
    in_child = False


_state = _State()


def enable() -> None:
    """Called by the `mcg` entry point: this process may fork to load definitions."""
    _state.enabled = hasattr(os, "fork")


def is_entry_point() -> bool:
    """mcg runs as its own process (`mcg`, `python -m monitoring_codegen`), not inside another
    program: the process ends with the command, so work done only for a tidy exit can be skipped."""
    return _state.enabled


def _send(line: str) -> None:
    if _state.pipe is None:
        return
    data = (line.replace("\n", " ") + "\n").encode("utf-8", "replace")
    try:
        os.write(_state.pipe, data)
    except OSError:
        pass  # the parent is gone: nothing left to tell


def importing(module: str, path: str) -> None:
    """The loader is about to import `module` from `path`."""
    _send(f"import {module}\t{path}")


def fork_for_definitions(timeout: float = DEFAULT_LOAD_TIMEOUT) -> None:
    """In the parent: never returns (exits with the child's code, or 2). In the child: returns."""
    if not _state.enabled or _state.in_child:
        return
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _state.pipe = write_end
        _state.in_child = True
        return
    os.close(write_end)
    code = _supervise(pid, read_end, timeout)
    sys.stdout.flush()
    sys.exit(code)


def _supervise(pid: int, read_end: int, timeout: float) -> int:
    current = ""  # "module\tpath" being imported
    loaded = False
    exit_code: int | None = None
    buffer = b""
    deadline = time.monotonic() + timeout
    try:
        while True:
            wait = None if loaded else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([read_end], [], [], wait)
            if not ready:
                _kill(pid)
                module, path = _split(current)
                raise McgError(
                    f"definitions module {module} ({path}) did not finish importing within "
                    f"{timeout:g}s; an endless loop or a blocking call at import time? "
                    "([tool.mcg] load_timeout sets the limit)"
                )
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace")
                if line.startswith("import "):
                    current = line[len("import ") :]
                    deadline = time.monotonic() + timeout
                elif line == "loaded":
                    loaded = True
                elif line.startswith("exit "):
                    exit_code = int(line.split()[1])
    except McgError as exc:
        os.close(read_end)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    os.close(read_end)
    status = _reap(pid, grace=5.0 if exit_code is not None else 0.0)
    if exit_code is not None:
        return exit_code
    how = _describe(status)
    if not loaded:
        module, path = _split(current)
        what = f"definitions module {module} ({path})" if module else "loading the definitions"
        print(f"error: {what} ended mcg while being imported ({how}); nothing was checked or written", file=sys.stderr)
    else:
        print(
            f"error: mcg ended before finishing the command ({how}), after the definitions were loaded; "
            "a thread started by a definitions module?",
            file=sys.stderr,
        )
    return 2


def _split(current: str) -> tuple[str, str]:
    module, _, path = current.partition("\t")
    return module, path


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid, grace=5.0)


def _reap(pid: int, grace: float) -> int | None:
    """The child's wait status; a child still running after `grace` seconds is killed."""
    end = time.monotonic() + grace
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return status
        if time.monotonic() >= end:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            try:
                return os.waitpid(pid, 0)[1]
            except ChildProcessError:
                return None
        time.sleep(0.01)


def _describe(status: int | None) -> str:
    if status is None:
        return "exit status unknown"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"killed by {name}"
    return f"exit status {os.WEXITSTATUS(status)} without finishing"


@contextlib.contextmanager
def user_code_output() -> Iterator[None]:
    """While definitions are imported, their standard output goes to standard error."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no usable file descriptor 1 (an embedding host): leave it alone
        yield
        return
    saved_stdout = sys.stdout
    try:
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        yield
    finally:
        sys.stdout = saved_stdout
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 1)
        os.close(saved)


def loaded() -> None:
    _send("loaded")


def finish(code: int) -> None:
    """End of the command. In the isolated child: tell the parent the exit code and leave at
    once, so threads started by user code cannot keep the process alive."""
    if not _state.in_child:
        return
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    _send(f"exit {code}")
    os._exit(code)
