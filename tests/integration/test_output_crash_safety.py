"""A build killed at any point leaves out/ recoverable (issue 10).

Fault injection: `mcg build` is SIGKILLed after N renames (every step of a build that writes,
rewrites and deletes files) and in the middle of a write. After each kill: every file mcg
wrote is listed in the manifest, a user's own file is untouched, `mcg check` reports the
interrupted build as drift; the next `mcg build` finishes the job: out/ is then byte for byte
what a clean build gives, with no temporary files left.

The workload is the bench's synthetic generator at a size the suite can afford; set
MCG_CRASH_TEST_SIZE=large for the full benchmark workload (300 dashboards, 10,000 alerts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from conftest import run_mcg  # noqa: E402
from synthetic import generate  # noqa: E402

from monitoring_codegen.output.writer import MANIFEST, TEMP_PREFIX, read_manifest  # noqa: E402

LARGE = os.environ.get("MCG_CRASH_TEST_SIZE") == "large"
BEFORE = (
    dict(dashboards=300, panels=20, alerts=10_000, records=2_000)
    if LARGE
    else dict(dashboards=12, panels=4, alerts=300, records=60)
)
# The next revision: more alerts (new and rewritten files), fewer dashboards (stale files to delete).
AFTER = dict(BEFORE, dashboards=BEFORE["dashboards"] * 2 // 3, alerts=BEFORE["alerts"] + 150)


def mcg(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real `mcg` in its own process: what the fault injection kills."""
    return subprocess.run(
        [sys.executable, "-m", "monitoring_codegen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def mcg_here(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`mcg` in this process (tests/conftest.py's run_mcg) where nothing is killed: ~2 s less a run."""
    return run_mcg(*args, cwd=root)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def workloads(tmp_path_factory):
    """(project at revision AFTER with out/ of revision BEFORE, out/ a clean AFTER build gives)."""
    base = tmp_path_factory.mktemp("crash")
    old, new = base / "old", base / "new"
    generate(old, **BEFORE)
    assert mcg_here(old, "build", "-q").returncode == 0
    (old / "out" / "NOTES.md").write_text("the user's own file\n")
    generate(new, **AFTER)
    assert mcg_here(new, "build", "-q").returncode == 0
    expected = files(new / "out")
    old_out = files(old / "out")
    changed = [p for p in expected if old_out.get(p) != expected[p]]
    removed = [p for p in read_manifest(old / "out") if p not in expected]
    assert len(changed) > 10 and len(removed) > 3, "the revision must write and delete files"
    # Renames of a build: each changed file, plus the interim and the final manifest.
    return base, old, new, expected, len([p for p in changed if p != MANIFEST]) + 2


def scenario(base: Path, old: Path, new: Path, name: str) -> Path:
    """The AFTER definitions over a copy of the BEFORE out/, as a user has it before `mcg build`."""
    root = base / name
    shutil.copytree(new / "definitions", root / "definitions")
    shutil.copy(new / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(old / "out", root / "out")
    return root


def assert_recoverable(
    root: Path, expected: dict[str, bytes], killed: subprocess.CompletedProcess, interrupted: bool = True
) -> None:
    out = root / "out"
    on_disk = files(out)
    listed = set(read_manifest(out)) | {MANIFEST, "NOTES.md"}
    unlisted = [p for p in on_disk if p not in listed and not Path(p).name.startswith(TEMP_PREFIX)]
    assert not unlisted, f"files mcg wrote but did not list: {unlisted[:5]}"
    assert on_disk["NOTES.md"] == b"the user's own file\n"
    check = mcg_here(root, "check")
    finished = {p: b for p, b in on_disk.items() if p != "NOTES.md"} == expected
    assert finished is not interrupted
    if finished:
        assert check.returncode == 0, check.stdout
    else:
        assert check.returncode == 1, check.stdout + check.stderr
        assert "interrupted" in check.stdout, check.stdout
    rebuild = mcg_here(root, "build")
    assert rebuild.returncode == 0, rebuild.stderr
    recovered = files(out)
    assert recovered.pop("NOTES.md") == b"the user's own file\n"
    assert recovered == expected  # the manifest included: what `mcg check` compares


def kill_points(total: int) -> list[int]:
    points = sorted({1, 2, total // 2, total - 1, total} - {0})
    return points if not LARGE else sorted(set(points) | set(range(1, total + 1, max(1, total // 12))))


# One test per kill point, so parallel workers share them; "sampled" (large mode) runs them all.
KILL_AT = {
    "1": lambda total: 1,
    "2": lambda total: 2,
    "half": lambda total: total // 2,
    "all-1": lambda total: total - 1,
    "all": lambda total: total,
}


@pytest.mark.parametrize("at", [*KILL_AT, *(["sampled"] if LARGE else [])])
def test_killed_after_n_renames_is_recoverable(workloads, at):
    base, old, new, expected, renames = workloads
    for n in kill_points(renames) if at == "sampled" else [KILL_AT[at](renames)]:
        root = scenario(base, old, new, f"renames-{n}")
        killed = mcg(root, "build", env={"MCG_TEST_KILL_AFTER_RENAMES": str(n)})
        assert killed.returncode != 0, f"the build was to be killed after {n} renames"
        assert_recoverable(root, expected, killed, interrupted=n < renames)


@pytest.mark.parametrize("write", [1, 2, 7])
def test_killed_during_a_write_leaves_no_temp_file_behind(workloads, write):
    base, old, new, expected, _ = workloads
    root = scenario(base, old, new, f"write-{write}")
    killed = mcg(root, "build", env={"MCG_TEST_KILL_DURING_WRITE": str(write)})
    assert killed.returncode != 0
    temps = [p for p in files(root / "out") if Path(p).name.startswith(TEMP_PREFIX)]
    assert temps, "a killed write leaves its temporary file"
    assert_recoverable(root, expected, killed)
    assert not [p for p in files(root / "out") if Path(p).name.startswith(TEMP_PREFIX)]


def test_lost_manifest_recognises_mcg_files(workloads):
    """Without a manifest, files carrying mcg's header are rewritten, not called someone else's."""
    base, old, new, expected, _ = workloads
    root = scenario(base, old, new, "no-manifest")
    (root / "out" / MANIFEST).unlink()
    result = mcg_here(root, "build")
    foreign = [p for p in expected if p.endswith(".json")]  # dashboards carry no header comment
    if result.returncode == 2:
        assert "not generated by mcg" in result.stderr
        listed = result.stderr.split("\n", 1)[1]
        assert all(".yaml" not in line and ".yml" not in line for line in listed.splitlines()), listed
        assert foreign
    else:
        assert files(root / "out") == {**expected, "NOTES.md": b"the user's own file\n"}


def test_build_that_would_delete_everything_needs_a_flag(tmp_path):
    root = tmp_path / "p"
    generate(root, dashboards=2, panels=2, alerts=10, records=2)
    assert mcg_here(root, "build", "-q").returncode == 0
    before = files(root / "out")
    for module in (root / "definitions").glob("*.py"):
        module.write_text("# nothing declared any more\n")
    refused = mcg_here(root, "build")
    assert refused.returncode == 2
    assert "--allow-empty" in refused.stderr and "nothing was written" in refused.stderr
    assert files(root / "out") == before
    allowed = mcg_here(root, "build", "--allow-empty")
    assert allowed.returncode == 0, allowed.stderr
    assert set(files(root / "out")) == {MANIFEST}


def test_deleted_manifest_and_definition_leave_no_orphans(tmp_path):
    """The manifest deleted by hand and a dashboard removed: the committed manifest still says
    which files were mcg's, so the removed dashboard's files go and `mcg check` is then clean."""
    root = tmp_path / "repo"
    generate(root, dashboards=3, panels=2, alerts=10, records=2)
    assert mcg_here(root, "build", "-q").returncode == 0
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "built"]):
        subprocess.run([*git, *args], cwd=root, check=True, capture_output=True)
    dashboards = sorted((root / "out" / "grafana" / "dashboards").rglob("*.json"))
    assert len(dashboards) == 3
    (root / "out" / MANIFEST).unlink()
    module = root / "definitions" / "dashboards.py"
    source = module.read_text()
    assert "N_DASHBOARDS = 3" in source, "the generator's dashboard count moved"
    module.write_text(source.replace("N_DASHBOARDS = 3", "N_DASHBOARDS = 2"))
    result = mcg_here(root, "build")
    assert result.returncode == 0, result.stderr
    left = sorted((root / "out" / "grafana" / "dashboards").rglob("*.json"))
    assert len(left) == 2 and dashboards[-1] not in left
    assert mcg_here(root, "check", "--strict").returncode == 0
