"""Write results safely: atomically, never over an input, with clear errors."""

from __future__ import annotations

import os

from .model import DrafterError


def atomic_write(path: str, data: str | bytes, protect: tuple[str, ...] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``protect`` lists input paths that must never be overwritten by this write.
    """
    for source in protect:
        if source != "-" and os.path.exists(path) and os.path.exists(source) and os.path.samefile(path, source):
            raise DrafterError("输出文件与输入文件相同，拒绝覆盖（如确需覆盖请使用 --in-place）", path)
    import tempfile  # only when writing: it costs start-up time

    directory = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".drafter-", dir=directory)
    except OSError as exc:
        raise DrafterError(f"无法写入（{exc.strerror}）", path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; give the file its usual permissions
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DrafterError(f"无法写入（{exc.strerror}）", path) from None


def free_name(path: str) -> str:
    """``path`` when nothing is there, else the first free ``path.1``, ``path.2`` … (backups are
    never overwritten)."""
    candidate, n = path, 0
    while os.path.lexists(candidate):
        n += 1
        candidate = f"{path}.{n}"
    return candidate


def _mode_for(path: str) -> int:
    """The mode the file has now, or 0666 less the umask for a new file."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def collect_inputs(paths: tuple[str, ...], suffixes: tuple[str, ...] = (".txt", ".docx")) -> list[str]:
    """Expand folders (recursively, sorted) into the documents they hold; keep files as given."""
    found: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in sorted(files)
                             if f.lower().endswith(suffixes) and not f.startswith((".", "~$")))
        else:
            found.append(path)
    return found
