"""What keeps `cedta` quick to start: Typer's help and error renderer loaded without the parts cedta
never uses (and only when help or a usage error is printed), and option values that are text, paths
or flags read without pydantic.

- `typer.rich_utils` imports `rich.markdown` (with markdown-it) and `rich.traceback` at its top, about
  40 ms, though cedta uses neither Markdown markup nor Typer's pretty tracebacks. `install()` puts a
  finder on `sys.meta_path` that loads `typer.rich_utils` with stand-ins for those two names: each loads
  the real class the first time it is used, so nothing changes if markdown markup is ever turned on.
  The stand-ins are visible only while `typer.rich_utils` runs its imports; `rich.markdown` imported
  afterwards by anyone is the real module. `with_rich_utils()` lets the French run put its words into
  the renderer when it loads, so a French command that prints neither help nor a usage error does not
  load it at all.
- Typer coerces every option value through a pydantic TypeAdapter (pydantic costs about 60 ms to
  import), even the global options and the help flag on `cedta match --help` or `cedta --lang fr
  --help`. `plain_values()` reads text, paths and flags without it (a path through Typer's own path
  check), and leaves every other kind of value to Typer.

Both fall back to Typer's own behaviour if its internals change (only start-up is slower then);
tests/test_startup.py guards that they still take effect."""

import sys

_STUBBED = ("rich.markdown", "Markdown"), ("rich.traceback", "Traceback")
_WAITING: list = []  # what to do to typer.rich_utils as soon as it loads (see with_rich_utils)
_LIGHT: list = []  # [True] once `typer.rich_utils` is known to load through _LightRichUtils, [False] if not


def _lazy_class(module: str, name: str) -> type:
    """A class standing for `module.name`: calling it, or reading one of its attributes, imports the
    real one and hands over to it (so `Markdown(text)` returns a real `rich.markdown.Markdown`)."""
    import importlib

    def real():
        return getattr(importlib.import_module(module), name)

    class _Lazy(type):
        def __getattr__(cls, attr):
            return getattr(real(), attr)

        def __instancecheck__(cls, obj):
            return isinstance(obj, real())

    def new(cls, *args, **kwargs):
        return real()(*args, **kwargs)

    return _Lazy(name, (), {"__new__": new, "__module__": module, "__qualname__": name,
                            "__doc__": f"Stands for {module}.{name} until it is used.", "_cedta_lazy": True})


class _LightLoader:
    """Runs the real loader of `typer.rich_utils` with stand-ins for the modules it need not load."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        import types

        placed = []
        for mod_name, cls_name in _STUBBED:
            if mod_name not in sys.modules:
                stub = types.ModuleType(mod_name, "cedta: stands in while typer.rich_utils loads")
                setattr(stub, cls_name, _lazy_class(mod_name, cls_name))
                sys.modules[mod_name] = stub
                placed.append((mod_name, stub))
        try:
            self.loader.exec_module(module)
        finally:
            for mod_name, stub in placed:
                if sys.modules.get(mod_name) is stub:
                    del sys.modules[mod_name]
        waiting, _WAITING[:] = list(_WAITING), []
        for callback in waiting:
            callback(module)

    def __getattr__(self, name):  # get_code, get_source, is_package ... as the real loader has them
        return getattr(self.loader, name)


class _LightRichUtils:
    """A meta path finder for `typer.rich_utils` only; every other import goes by."""

    target = "typer.rich_utils"

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.target:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = _LightLoader(spec.loader)
        return spec

    def invalidate_caches(self) -> None:
        pass


def _loads_lightly() -> bool:
    """True when the next import of `typer.rich_utils` will go through _LightRichUtils."""
    if not any(isinstance(f, _LightRichUtils) for f in sys.meta_path):
        return False
    if not _LIGHT:
        try:
            from importlib.machinery import PathFinder

            import typer

            spec = PathFinder.find_spec("typer.rich_utils", typer.__path__)
            _LIGHT.append(spec is not None and hasattr(spec.loader, "exec_module"))
        except (ImportError, AttributeError, ValueError):
            _LIGHT.append(False)
    return _LIGHT[0]


def with_rich_utils(callback):
    """`callback(typer.rich_utils)`: now if it is loaded (or would not load through the finder below),
    else as soon as something loads it, so that a run that prints neither help nor a usage error does
    not pay for it. Returns a function that cancels the wait."""
    module = sys.modules.get("typer.rich_utils")
    if module is None and _loads_lightly():
        _WAITING.append(callback)
        return lambda: _WAITING.remove(callback) if callback in _WAITING else None
    if module is None:
        import importlib

        module = importlib.import_module("typer.rich_utils")
    callback(module)
    return lambda: None


def install() -> None:
    """Load `typer.rich_utils` lightly from now on (nothing to do if it is already loaded)."""
    if "typer.rich_utils" in sys.modules or any(isinstance(f, _LightRichUtils) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _LightRichUtils())


def plain_values() -> None:
    """From now on, text, path and flag values are read without pydantic; any other kind of value
    (numbers, choices, lists, a flag given as text) goes through Typer's own coercion, built when first
    needed."""
    try:
        from pathlib import Path

        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import coerce_cli_path
        from typer.core import _TyperParameter

        typer_runtime_param = _TyperParameter.get_runtime_param
    except (ImportError, AttributeError):  # another Typer: keep its own coercion
        return
    if getattr(typer_runtime_param, "cedta_plain", False):
        return

    class PlainValue(RuntimeParam):
        """Text is the text; a path is a `Path` checked by Typer's own path check; a flag is itself."""

        def _coerce_value(self, value, param, ctx):
            if self.annotation is str:
                return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            if self.annotation is Path:
                value = value if isinstance(value, Path) else Path(value)
                return coerce_cli_path(value, self.parameter_info, path_type=Path, param=param, ctx=ctx)
            if isinstance(value, bool):
                return value
            typer_own = build_runtime_param(param.type_descriptor)
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    def plain(param) -> bool:
        desc = getattr(param, "type_descriptor", None)
        info = getattr(desc, "parameter_info", None)
        if info is None or param.multiple or param.nargs != 1:
            return False
        if desc.file_annotation is not None or info.parser is not None:
            return False
        if desc.annotation is Path:
            return not (info.path_type or info.allow_dash or info.resolve_path)
        return desc.annotation in (str, bool)

    def get_runtime_param(self):
        if self._runtime_param is None and plain(self):
            try:
                self._runtime_param = PlainValue(parameter_info=self.type_descriptor.parameter_info,
                                                 annotation=self.type_descriptor.annotation)
            except TypeError:  # another RuntimeParam: Typer's own
                pass
        return typer_runtime_param(self)

    get_runtime_param.cedta_plain = True
    _TyperParameter.get_runtime_param = get_runtime_param
