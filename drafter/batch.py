"""``outline`` and ``check`` over many files at once: each file that fails is reported and the
others go on; what to print, what to tell the writer and the exit status come back as data."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import DrafterError


@dataclass
class Batch:
    """The outcome of one command over its files."""

    text: str = ""  # what goes to standard output (or to -o)
    notes: list[str] = field(default_factory=list)  # lines for standard error
    failures: list[DrafterError] = field(default_factory=list)
    errors: bool = False  # the checker found errors
    inputs: list[str] = field(default_factory=list)  # the documents read (never written over)
    output: str | None = None  # where ``text`` goes (None: standard output)

    @property
    def status(self) -> int:
        """Exit status: 2 when a file could not be handled, 1 when check found errors, else 0."""
        return 2 if self.failures else 1 if self.errors else 0


def gather(paths) -> tuple[list[str], list[DrafterError]]:
    """The documents named (folders expanded) and the folders that could not be read."""
    from .write import collect_inputs

    unreadable: list[DrafterError] = []
    return collect_inputs(paths, failures=unreadable), unreadable


def outline_command(files, fmt: str, output: str | None, show_dropped: bool = False) -> Batch:
    """``drafter outline FILES``: one result per document; with several inputs or a folder and
    ``-o``, one file per input in the folder ``output``."""
    inputs, unreadable = gather(files)
    to_dir = output is not None and (len(inputs) > 1 or any(os.path.isdir(f) for f in files)
                                     or output.endswith(os.sep) or os.path.isdir(output))
    batch = outline_files(inputs, fmt, output, show_dropped, to_dir)
    batch.failures[:0] = unreadable
    batch.inputs, batch.output = inputs, None if to_dir else output
    return batch


def check_command(files, fmt: str, chosen: str | None, ignored: str | None, fix: bool, output: str | None,
                  in_place: bool, paint: Callable[..., str] | None = None) -> Batch:
    """``drafter check FILES``: the report (to ``output`` unless fixing), the fixes made."""
    if not files:
        raise DrafterError("请给出要检查的文件")
    inputs, unreadable = gather(files)
    batch = check_files(inputs, fmt, chosen, ignored, fix, output, in_place, paint)
    batch.failures[:0] = unreadable
    batch.inputs, batch.output = inputs, None if fix else output
    return batch


def outline_files(paths: list[str], fmt: str, output: str | None, show_dropped: bool = False,
                  to_dir: bool = False) -> Batch:
    """Outline every file; with ``to_dir`` write one result per input into the folder ``output``
    (names from :func:`~drafter.render.output_names`), else join the results into ``text``."""
    from .pipeline import load
    from .render import output_names, render
    from .report import join_rendered
    from .write import atomic_write

    batch = Batch()
    names = output_names(paths, fmt) if to_dir else {}
    rendered = []
    for path in paths:
        try:
            loaded = load(path)
            if show_dropped:
                batch.notes += [f"{path}:{line}: 已删去（{reason}）" for line, reason in loaded.document.dropped]
            text = render(loaded.outline, fmt)
            if to_dir and output:
                atomic_write(os.path.join(output, names[path]), text, protect=tuple(paths))
            else:
                rendered.append(text)
        except DrafterError as exc:
            batch.failures.append(exc)
    batch.text = join_rendered(rendered, fmt) if rendered else ""
    return batch


def check_files(paths: list[str], fmt: str, chosen: str | None = None, ignored: str | None = None,
                fix: bool = False, output: str | None = None, in_place: bool = False,
                paint: Callable[..., str] | None = None) -> Batch:
    """Check every file (and fix it with ``fix``: into ``output`` or in place); the report of
    the (fixed) files is the batch's text."""
    from .check import check_path, parse_codes, select
    from .fix import fix_file
    from .report import check_report

    if fix and not (output or in_place):
        raise DrafterError("--fix 需要指定 -o 输出文件，或使用 --in-place 覆盖原文件")
    if fix and output and len(paths) > 1:
        raise DrafterError("多个文件一起修复时只能使用 --in-place")
    if in_place and (not fix or output):
        raise DrafterError("--in-place 只与 --fix 一起使用，且不能同时指定 -o")
    chosen_codes, ignored_codes = parse_codes(chosen), parse_codes(ignored)

    def keep(result):
        return select(result, chosen_codes, ignored_codes)

    batch, results = Batch(), []
    for path in paths:
        try:
            if fix:
                done = fix_file(path, output, keep)
                batch.notes.append(done.summary())
                results.append(done.result)
            else:
                results.append(keep(check_path(path)))
        except DrafterError as exc:
            batch.failures.append(exc)
    if results or not batch.failures or fmt == "json":  # no "0 findings" when every file failed
        batch.text = check_report(results, fmt, paint) if paint else check_report(results, fmt)
    batch.errors = any(r.errors for r in results)
    return batch
