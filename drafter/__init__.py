"""drafter: an offline drafting assistant for Chinese speeches and official documents."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """Import a stage module on first use (``drafter.store``): the command line stays light,
    since most commands need one or two stages only."""
    import importlib
    import pkgutil

    if name in {m.name for m in pkgutil.iter_modules(__path__)}:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
