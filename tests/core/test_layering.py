"""The import graph of the product code: apps in layers, no cycles, every module importable on its own.

The layers, lowest first — an app imports only apps of a lower layer (Django's app registry and settings
strings are how the core reaches the apps)::

    salsk_mentoring → schools → mentors, events → iom → monitoring → orders

Orders sit on top: an order's appendices are composed from every other app, monitoring's results too.

Every import counts: at module level and inside functions (an import moved into a function still is a
dependency, and there it hides a cycle instead of removing it). Only ``if TYPE_CHECKING:`` blocks are left
out: they name types for annotations and never run.
"""

import ast
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [("salsk_mentoring",), ("schools",), ("mentors", "events"), ("iom",), ("monitoring",), ("orders",)]
LAYER = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# Upward imports still in the code, each with the reason it has to be there. Empty since issue 20: the core
# reaches the apps through registries they fill from their AppConfig.ready (menu, dashboard, demo, the
# organisation card) and names the organisation model by a setting (scoping.get_organisation_model). The
# test fails when an entry is no longer needed: whoever removes the import removes its line here too.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}


def product_modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name → (path, is a package) for every module of the apps, migrations aside."""
    modules = {}
    for app in LAYER:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "." in parts[-1]:  # gunicorn.conf.py is a config file, not a module
                continue
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


MODULES = product_modules()


def walk_runtime(tree: ast.AST):
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and ast.unparse(child.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for stmt in child.orelse:
                yield stmt
                yield from walk_runtime(stmt)
            continue
        yield child
        yield from walk_runtime(child)


def imported_modules(name: str, source: str | None = None) -> list[tuple[str, int]]:
    """(product module, line) for every import in module ``name``, at any depth of its code."""
    path, is_package = MODULES[name]
    source = path.read_text(encoding="utf-8") if source is None else source
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in walk_runtime(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            # ``from package import module`` imports the module; ``from module import name`` the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno))
    return found


GRAPH = {name: imported_modules(name) for name in MODULES}


def app_of(module: str) -> str:
    return module.partition(".")[0]


def upward_imports() -> dict[tuple[str, str], list[int]]:
    found = defaultdict(list)
    for name, imports in GRAPH.items():
        for target, line in imports:
            if app_of(target) != app_of(name) and LAYER[app_of(target)] >= LAYER[app_of(name)]:
                found[(name, target)].append(line)
    return found


def cycles() -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    edges = {name: sorted({target for target, _ in imports}) for name, imports in GRAPH.items()}
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return groups


def test_every_kind_of_import_is_read():
    assert set(map(app_of, MODULES)) == set(LAYER)
    source = """
import json
import schools.models
from django.db import models
from salsk_mentoring.scoping import ScopedQuerySet
from .. import health, services
from ..models import Pair
from .common import ChildEditView


def late():
    from iom.models import Iom

if TYPE_CHECKING:
    from monitoring.models import MonitoringCampaign
"""
    found = imported_modules("mentors.views.pairs", source)
    assert sorted(found) == [
        ("iom.models", 12),
        ("mentors.health", 6),
        ("mentors.models", 7),
        ("mentors.services", 6),
        ("mentors.views.common", 8),
        ("salsk_mentoring.scoping", 5),
        ("schools.models", 3),
    ]


def test_apps_import_only_lower_layers():
    found = upward_imports()
    new = {
        f"{name} → {target} (строки {', '.join(map(str, lines))})"
        for (name, target), lines in found.items()
        if (name, target) not in ALLOWED_UPWARD
    }
    assert not new, "Импорт вверх по слоям приложений: " + "; ".join(sorted(new))
    stale = sorted(f"{name} → {target} ({owner})" for (name, target), owner in ALLOWED_UPWARD.items()
                   if (name, target) not in found)
    assert not stale, "Импорта больше нет — уберите строку из ALLOWED_UPWARD: " + "; ".join(stale)


def test_no_import_cycles():
    assert cycles() == []


def test_the_checks_catch_an_upward_import_and_a_cycle(monkeypatch):
    """The two checks above can fail: a planted upward import and a planted cycle are found."""
    graph = dict(GRAPH)
    graph["schools.models"] = [*GRAPH["schools.models"], ("mentors.models", 1)]
    graph["mentors.health"] = [*GRAPH["mentors.health"], ("mentors.views", 1)]
    monkeypatch.setattr(sys.modules[__name__], "GRAPH", graph)
    assert ("schools.models", "mentors.models") in upward_imports()
    assert any({"mentors.health", "mentors.views"} <= set(group) for group in cycles())


def test_no_import_module_fallbacks():
    """A dependency is an import statement: no ``import_module``/``__import__`` by a computed name and no
    ``except ImportError`` that hides a missing module (issue 20). ``import_string`` of a dotted path a job or
    a setting carries stays: that path is data, checked when the job is queued."""
    found = []
    for name, (path, _) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func).rpartition(".")[2] in (
                "import_module",
                "__import__",
                "autodiscover_modules",
            ):
                found.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = ast.unparse(node.type)
                if "ImportError" in caught or "ModuleNotFoundError" in caught:
                    found.append(f"{name}:{node.lineno}")
    assert found == []


def test_demo_generators_run_after_the_apps_they_use():
    """The apps register their demo generators from AppConfig.ready (INSTALLED_APPS order); a generator
    finds what the apps it imports made, so each runs after the generators of the apps its app imports."""
    from salsk_mentoring.demo import GENERATORS

    order = [app_of(generate.__module__) for generate in GENERATORS]
    assert set(order) == set(LAYER) - {"salsk_mentoring"} and len(order) == len(set(order))
    uses = defaultdict(set)
    for name, imports in GRAPH.items():
        uses[app_of(name)] |= {app_of(target) for target, _ in imports} - {app_of(name), "salsk_mentoring"}
    late = [(app, used) for i, app in enumerate(order) for used in uses[app] if used not in order[:i]]
    assert late == []


def test_every_module_imports_on_its_own_in_any_order():
    """One fresh interpreter imports every product module after django.setup(), in a shuffled order."""
    names = sorted(MODULES)
    seed = random.randrange(1_000_000)
    random.Random(seed).shuffle(names)
    script = "import django, importlib, sys; django.setup()\nfor name in sys.argv[1:]: importlib.import_module(name)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "salsk_mentoring.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", script, *names], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"seed {seed}: {result.stderr[-3000:]}"


def test_every_app_contribution_is_registered():
    """An app's menu, dashboard and demo modules count only once registered (AppConfig.ready imports them and
    they call register_menu / @dashboard_widgets / @demo_generator): a module left unregistered would drop its
    entries silently, so each one present is checked here."""
    import importlib

    from salsk_mentoring import dashboard, demo, navigation

    missing = []
    for app in set(LAYER) - {"salsk_mentoring"}:
        if f"{app}.menu" in MODULES:
            items = importlib.import_module(f"{app}.menu").MENU
            missing += [f"{app}.menu: {item.title}" for item in items if item not in navigation._ITEMS]
        if f"{app}.dashboard" in MODULES and importlib.import_module(f"{app}.dashboard").widgets not in (
            dashboard._PROVIDERS
        ):
            missing.append(f"{app}.dashboard.widgets")
        if f"{app}.demo" in MODULES and importlib.import_module(f"{app}.demo").generate not in demo.GENERATORS:
            missing.append(f"{app}.demo.generate")
    assert missing == []
