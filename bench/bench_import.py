"""`mcg import` of every real dashboard and rule file the tests hold (tests/corpus and
tests/import_corpus), then `mcg build` of what it wrote.

Prints the files, what they hold, and the time of each step (one cold process each).
"""

from __future__ import annotations

import shutil

from common import MCG, REPO, run_timed, work_dir

SOURCES = [REPO / "tests/corpus", REPO / "tests/import_corpus"]


def main() -> None:
    root = work_dir() / "import"
    shutil.rmtree(root, ignore_errors=True)
    (root / "definitions").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.mcg]\ndefinitions = "definitions"\nout = "out"\n')
    (root / "definitions/datasources.py").write_text(
        "from monitoring_codegen import Datasource\n\n"
        'PROMETHEUS = Datasource(name="Prometheus", type="prometheus", uid="prometheus", '
        'url="http://prometheus:9090", is_default=True)\n'
    )
    inputs = root / "inputs"
    count = 0
    for source in SOURCES:
        for path in sorted(source.rglob("*")):
            if path.suffix in (".json", ".yaml", ".yml"):
                count += 1
                target = inputs / f"{count:04d}-{path.name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    size = sum(p.stat().st_size for p in inputs.iterdir())
    print(f"inputs: {count} files, {size / 1e6:.1f} MB")
    wall, cpu = run_timed([*MCG, "import", "inputs"], cwd=root)
    modules = list((root / "definitions/imported").glob("*.py"))
    lines = sum(len(p.read_text().splitlines()) for p in modules)
    print(f"mcg import: {wall:.2f} s wall, {cpu:.2f} s CPU; {len(modules)} modules, {lines} lines of Python")
    wall, cpu = run_timed([*MCG, "build", "-q"], cwd=root)
    rendered = [p for p in (root / "out").rglob("*") if p.is_file()]
    print(f"mcg build of the imported definitions: {wall:.2f} s wall, {cpu:.2f} s CPU; {len(rendered)} files")


if __name__ == "__main__":
    main()
