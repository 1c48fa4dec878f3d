"""Discovery: import every module under the definitions folder and collect what it declares.

Modules are imported in sorted path order as a package named after the folder, so
`from .catalog import METRICS` and `from definitions.catalog import METRICS` both work
and reach the same module objects. The result does not depend on import order: the
model sorts every kind by key.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import keyword
import os
import sys
import traceback
from pathlib import Path

from monitoring_codegen.errors import DefinitionError, DefinitionErrors, McgError
from monitoring_codegen.model import registry
from monitoring_codegen.model.project import Model, build_model
from monitoring_codegen.model.source import SourceLocation


def discover_modules(definitions_dir: Path) -> list[Path]:
    """Every .py file below the folder, in an order fixed by the paths alone."""
    files = [
        path
        for path in definitions_dir.rglob("*.py")
        if "__pycache__" not in path.parts
        and not any(part.startswith(".") for part in path.relative_to(definitions_dir).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(definitions_dir).as_posix())


def _module_name(package: str, definitions_dir: Path, path: Path) -> str:
    rel = path.relative_to(definitions_dir).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join([package, *parts])


def _package_name(definitions_dir: Path) -> str:
    """The folder's name, unless that would shadow a real module (`logging/`, `yaml/`, `mcg/`):
    then `mcg_definitions`, and modules import each other relatively (`from .x import Y`)."""
    name = definitions_dir.name
    if (
        not name.isidentifier()
        or keyword.iskeyword(name)
        or name in sys.stdlib_module_names
        or name in sys.builtin_module_names
        or name == __name__.split(".")[0]
        or (name in sys.modules and _is_installed(sys.modules[name]))
        or (name not in sys.modules and _is_installed_name(name))
    ):
        return "mcg_definitions"
    return name


def _is_installed_name(name: str) -> bool:
    """An installed top-level module not imported yet (a folder named `grafanalib/`)."""
    try:
        spec = importlib.machinery.PathFinder.find_spec(name)
    except (ImportError, ValueError):
        return False
    return spec is not None and _is_installed_spec(spec)


def _is_installed(module) -> bool:
    """A module of the Python installation or a virtualenv (yaml, click, ...), which definitions
    must not replace; another project's definitions package is set aside and restored instead."""
    return _is_installed_spec(getattr(module, "__spec__", None))


def _is_installed_spec(spec) -> bool:
    places = [getattr(spec, "origin", None) or "", *(getattr(spec, "submodule_search_locations", None) or [])]
    prefixes = {os.path.join(os.path.realpath(p), "") for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return any(str(place) and os.path.realpath(str(place)).startswith(tuple(prefixes)) for place in places)


def _location_in(exc: BaseException, definitions_dir: Path) -> SourceLocation | None:
    """The deepest traceback frame inside the definitions folder: the user's line."""
    found = None
    root = os.path.join(str(definitions_dir), "")  # with the separator: `defs/` must not match `defs_lib/`
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(root):
            found = SourceLocation(frame.filename, frame.lineno or 0)
    if isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(root):
        found = SourceLocation(exc.filename, exc.lineno or 0)
    return found


def load_definitions(definitions_dir: Path, root: Path, on_import=None) -> Model:
    """The model of every module below `definitions_dir`; `on_import(module, path)` is told of each
    import first (the isolated child reports progress with it)."""
    # Absolute, symlinks kept: a symlinked folder keeps its own name (the package name) and every
    # path mcg shows stays below the project root.
    definitions_dir = Path(os.path.abspath(definitions_dir))
    if not definitions_dir.is_dir():
        raise McgError(f"definitions folder not found: {definitions_dir}")
    package = _package_name(definitions_dir)
    saved_modules = {
        name: mod for name, mod in sys.modules.items() if name == package or name.startswith(package + ".")
    }
    for name in saved_modules:
        del sys.modules[name]
    saved_path = list(sys.path)
    sys.path.insert(0, str(definitions_dir.parent))
    errors: list[DefinitionError] = []
    try:
        with registry.collecting() as collected:
            for path in discover_modules(definitions_dir):
                dotted = [part for part in path.relative_to(definitions_dir).with_suffix("").parts if "." in part]
                if dotted:
                    # `v1.2/x.py` would be imported as the module path v1 -> 2 -> x: name it instead.
                    errors.append(
                        DefinitionError(
                            f"{dotted[0]!r} has a '.' in its name, so Python cannot import it as a module; "
                            f"rename it (e.g. {dotted[0].replace('.', '_')!r})",
                            location=SourceLocation(str(path), 1),
                        )
                    )
                    continue
                module_name = _module_name(package, definitions_dir, path)
                if module_name in sys.modules:
                    continue
                if on_import is not None:
                    on_import(module_name, str(path))
                try:
                    if module_name == package:
                        _import_package(package, definitions_dir)
                    else:
                        if package not in sys.modules:
                            _import_package(package, definitions_dir)
                        importlib.import_module(module_name)
                except DefinitionError as exc:
                    errors.append(exc)
                except DefinitionErrors as exc:
                    errors.extend(exc.errors)
                except (Exception, SystemExit) as exc:  # the user's module raised: report it, not a traceback
                    # (SystemExit too: `sys.exit(0)` in a module must not end `mcg check` with success)
                    location = _location_in(exc, definitions_dir) or SourceLocation(str(path), 1)
                    detail = f"{type(exc).__name__}: {exc}"
                    errors.append(
                        DefinitionError(f"importing module {module_name} failed: {detail}", location=location)
                    )
    finally:
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        sys.modules.update(saved_modules)
        sys.path[:] = saved_path
    if errors:
        # A module that fails is re-raised by every module importing it: report each error once.
        unique = {e.format(): e for e in errors}
        raise DefinitionErrors(list(unique.values()))
    return build_model(root, definitions_dir, collected)


def _import_package(package: str, definitions_dir: Path) -> None:
    """Make the folder importable as a package even without an __init__.py."""
    init = definitions_dir / "__init__.py"
    if init.is_file():
        spec = importlib.util.spec_from_file_location(package, init, submodule_search_locations=[str(definitions_dir)])
    else:
        spec = importlib.machinery.ModuleSpec(package, None, is_package=True)
        spec.submodule_search_locations = [str(definitions_dir)]
    # A `.py` file always has a spec, with its source loader.
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[package] = module
    if init.is_file():
        assert spec.loader is not None
        spec.loader.exec_module(module)
