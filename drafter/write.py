"""Write results safely: atomically, never over an input, never onto a device, with clear errors.

Every output goes through :func:`atomic_write`: the data is written in full to a temporary file
beside the target (``.drafter-<pid>-…``), flushed to disk and renamed over the target, so that a
reader sees the old file or the new one, never half of one. A short write (full disk) is an
error and leaves the target as it was. Temporary files are removed on errors and on SIGTERM or
Ctrl-C (:func:`install_signal_cleanup`); those a ``kill -9`` left behind are swept on the next
write into the same folder. ``check --fix --in-place`` uses :func:`make_backup` and
:func:`replace_in_place` (hard links kept).
"""

from __future__ import annotations

import os
import stat
import time

from .model import DrafterError

_PREFIX = ".drafter-"
_STALE_SECONDS = 60
_live_temporaries: set[str] = set()
_swept: set[str] = set()


def check_output(path: str, protect: tuple[str, ...] = ()) -> None:
    """Refuse an output that is a directory, a device, a FIFO or a socket, or that is (or links
    to) one of the inputs in ``protect``. Names under /dev and /proc (such as /dev/stdout, which
    may stand for a terminal, a pipe or the file a shell redirected to) are refused too: a
    rename there would replace what the name stands for, not write to it."""
    if not path or not path.strip():
        raise DrafterError("输出文件名是空的")
    for name in (os.path.abspath(path), os.path.realpath(path)):
        if name == "/dev" or name.startswith(("/dev/", "/proc/")):
            raise DrafterError("不能写入设备或系统文件；要输出到屏幕请省略 -o", path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DrafterError(f"无法写入（{exc.strerror}）", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise DrafterError("这是一个文件夹，不能作为输出文件", path)
    if not stat.S_ISREG(info.st_mode):
        raise DrafterError("不是普通文件（设备、管道或套接字），拒绝写入；要输出到屏幕请省略 -o", path)
    for source in protect:
        if source and source != "-" and _same(path, source):
            raise DrafterError(f"输出文件就是输入文件 {source}，拒绝覆盖（修复原文件请用 --in-place）", path)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def atomic_write(path: str, data: str | bytes, protect: tuple[str, ...] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``protect`` lists input paths that must never be overwritten by this write. A symbolic link
    at ``path`` is followed: its target gets the new content.
    """
    check_output(path, protect)
    target = os.path.realpath(path) if os.path.islink(path) else path
    payload = _encode(data) if isinstance(data, str) else data
    directory = os.path.dirname(os.path.abspath(target))
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise DrafterError(f"无法创建文件夹（{exc.strerror}）", directory) from None
    _sweep(directory)
    tmp = _temporary(directory, target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            write_all(fd, payload, target)
            os.fchmod(fd, _mode_for(target))  # the target's permissions, or the usual ones for a new file
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        raise DrafterError(f"无法写入（{exc.strerror or exc.__class__.__name__}）", path) from None
    finally:
        _discard(tmp)


def _encode(text: str) -> bytes:
    """UTF-8; a file name that was no UTF-8 keeps its own bytes rather than failing the write."""
    for errors in ("strict", "surrogateescape"):
        try:
            return text.encode("utf-8", errors)
        except UnicodeEncodeError:
            continue
    return text.encode("utf-8", "backslashreplace")


def write_all(fd: int, data: bytes, path: str) -> None:
    """Write every byte of ``data`` to ``fd`` and flush it to disk; a short write is an error."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise DrafterError("写入不完整（磁盘已满？）", path)
        view = view[written:]
    os.fsync(fd)


def _temporary(directory: str, target: str) -> str:
    import secrets

    name = f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{os.path.basename(target)[:40]}.tmp"
    path = os.path.join(directory, name)
    _live_temporaries.add(path)
    return path


def _discard(tmp: str) -> None:
    _live_temporaries.discard(tmp)
    try:
        os.unlink(tmp)
    except OSError:
        pass


def discard_temporaries() -> None:
    """Remove the temporary files of writes still under way (called on a signal)."""
    for tmp in list(_live_temporaries):
        _discard(tmp)


def _sweep(directory: str) -> None:
    """Remove temporary files left in ``directory`` by drafter processes that no longer run
    (killed with SIGKILL) and that are older than a minute; once per folder and process."""
    if directory in _swept:
        return
    _swept.add(directory)
    try:
        names = [n for n in os.listdir(directory) if n.startswith(_PREFIX) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        path = os.path.join(directory, name)
        try:
            if time.time() - os.lstat(path).st_mtime > _STALE_SECONDS:
                os.unlink(path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def install_signal_cleanup() -> None:
    """On SIGTERM or SIGHUP, remove temporary files and exit (status 128 + signal)."""
    import signal

    def handler(signum, frame):
        discard_temporaries()
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):  # not the main thread
                pass


def make_backup(path: str) -> str:
    """Copy ``path`` to ``path.bak`` (or the first free ``path.bak.1``, ``.bak.2`` …): created
    new with the original's permissions from the start, never over an existing file."""
    import shutil

    info = os.stat(path)
    base = path + ".bak"
    for n in range(10000):
        backup = base if n == 0 else f"{base}.{n}"
        try:
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         stat.S_IMODE(info.st_mode) & 0o777)
        except FileExistsError:
            continue
        except OSError as exc:
            raise DrafterError(f"无法写入备份（{exc.strerror}）", backup) from None
        try:
            try:
                os.fchmod(fd, stat.S_IMODE(info.st_mode) & 0o777)  # the umask may have narrowed it
                with open(path, "rb") as src:
                    write_all(fd, src.read(), backup)
            finally:
                os.close(fd)
            shutil.copystat(path, backup)
        except (OSError, DrafterError) as exc:
            _discard(backup)
            message = exc.message if isinstance(exc, DrafterError) else exc.strerror
            raise DrafterError(f"无法写入备份（{message}）", backup) from None
        return backup
    raise DrafterError("备份文件过多（.bak 到 .bak.9999 都已存在）", base)


def replace_in_place(path: str, data: bytes) -> None:
    """Replace the content of ``path`` (a real file, not a link) by ``data``: atomically by a
    rename, or — when other hard links share the file — by rewriting it in place, so that every
    name sees the new text (a backup exists before this is called)."""
    info = os.stat(path)
    if info.st_nlink <= 1:
        atomic_write(path, data)
        return
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            write_all(fd, data, path)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise DrafterError(f"无法写入（{exc.strerror}）；原文件的备份完好", path) from None


def _mode_for(path: str) -> int:
    """The mode the file has now, or 0666 less the umask for a new file."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def collect_inputs(paths: tuple[str, ...] | list[str], suffixes: tuple[str, ...] = (".txt", ".docx"),
                   failures: list[DrafterError] | None = None) -> list[str]:
    """Expand folders (recursively, sorted) into the documents they hold; keep files as given.
    A folder that cannot be read or holds no document is reported in ``failures`` (when given)
    instead of being passed over in silence."""
    found: list[str] = []

    def unreadable(exc: OSError) -> None:
        if failures is not None:
            failures.append(DrafterError(f"无法读取文件夹（{exc.strerror}）", exc.filename))

    for path in paths:
        if path != "-" and os.path.isdir(path):
            before = len(found)
            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in sorted(files)
                             if f.lower().endswith(suffixes) and not f.startswith((".", "~$")))
            if len(found) == before and failures is not None:
                failures.append(DrafterError(f"文件夹中没有 {'、'.join(suffixes)} 文件", path))
        else:
            found.append(path)
    return found
