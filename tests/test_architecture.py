"""The rules of the code's layout (docs/architecture.md), checked on every run.

- letters/ is the base: none of its modules imports signatures.
- Each room of signatures/ (signing, public, moderation, exports, importing) may
  use another room's public names, never its private ones (a leading underscore).
- No circle: neither between modules nor between rooms, counting imports inside
  functions too, which is where a circle would hide.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("config", "letters", "signatures")
ROOMS = ("signing", "public", "moderation", "exports", "importing")


def _modules():
    """{dotted module name: path} for the apps' code, migrations left out."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name, path):
    """(module imported, names taken from it) for every import in the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, ()
                else:
                    yield base, (alias.name,)


def _graph():
    """{module: {module it imports}} within the apps."""
    graph = {}
    for name, path in MODULES.items():
        graph[name] = {target for target, _ in _imports(name, path) if target in MODULES}
        graph[name].discard(name)
    return graph


def _room(module):
    parts = module.split(".")
    if parts[0] == "signatures" and len(parts) > 1 and parts[1] in ROOMS:
        return f"signatures.{parts[1]}"
    return None


def _cycles(graph):
    """The strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_layout_is_read_whole():
    # A check that read nothing would pass whatever the code did.
    assert "letters.models" in MODULES
    assert "signatures.moderation.queue" in MODULES
    assert "signatures.public.caching" in _graph()["signatures.public.views"]


def test_letters_imports_nothing_of_signatures():
    offenders = [
        f"{name} imports {target}"
        for name, path in MODULES.items()
        if name.startswith("letters")
        for target, _ in _imports(name, path)
        if target == "signatures" or target.startswith("signatures.")
    ]
    assert offenders == []


def test_no_module_takes_another_modules_private_names():
    offenders = [
        f"{name} takes {', '.join(names)} from {target}"
        for name, path in MODULES.items()
        for target, names in _imports(name, path)
        if target in MODULES and target != name and any(n.startswith("_") for n in names)
    ]
    assert offenders == []


def test_no_circle_between_modules():
    assert _cycles(_graph()) == []


def test_no_circle_between_rooms():
    rooms = {}
    for name, targets in _graph().items():
        room = _room(name)
        if room is None:
            continue
        rooms.setdefault(room, set()).update(
            other for other in map(_room, targets) if other is not None and other != room
        )
    assert _cycles(rooms) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# A module a reader can hold in mind, a folder whose names fit on one screen.
MAX_LINES = 450
MAX_MODULES_PER_FOLDER = 12


def test_no_module_is_too_long_to_read():
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_folder_holds_too_many_modules():
    folders = {}
    for path in MODULES.values():
        if path.name != "__init__.py":
            folders.setdefault(path.parent.relative_to(ROOT).as_posix(), []).append(path.name)
    crowded = {
        folder: len(names)
        for folder, names in folders.items()
        if len(names) > MAX_MODULES_PER_FOLDER
    }
    assert crowded == {}
    # The count must see the folders it limits.
    assert len(folders["signatures/models"]) >= 5
