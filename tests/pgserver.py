"""A throw-away PostgreSQL server for the store tests.

``.ci/run`` starts one and exports its address as DRAFTER_TEST_PG; when that is not set (``make
test`` on a developer's machine), :func:`start` starts one the same way: ``initdb`` into a
temporary folder (as the ``postgres`` user when running as root), a free port on 127.0.0.1,
stopped and removed by :meth:`Server.stop`. Where no PostgreSQL is installed, ``start`` says why.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass


@dataclass
class Server:
    """A running throw-away cluster."""

    url: str
    folder: str
    bindir: str
    user: str | None

    def stop(self) -> None:
        """Stop the server and remove its data."""
        subprocess.run([os.path.join(self.bindir, "pg_ctl"), "-D", os.path.join(self.folder, "data"), "-m", "immediate",
                        "stop"], user=self.user, capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def bindir() -> str | None:
    """The newest installed PostgreSQL's programs (Debian keeps them outside PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[-3]))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def start() -> Server | str:
    """Start a cluster; the reason as a string where none can be had."""
    programs = bindir()
    if not programs:
        return "PostgreSQL is not installed (apt-get install postgresql postgresql-contrib; .ci/run does it)"
    user = None
    folder = tempfile.mkdtemp(prefix="drafter-pg.")
    if os.geteuid() == 0:  # the server refuses to run as root
        user = "postgres"
        try:
            shutil.chown(folder, user)
        except (LookupError, OSError) as exc:
            return f"cannot run PostgreSQL as the postgres user: {exc}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = os.path.join(folder, "data")
    steps = [[os.path.join(programs, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
              "--locale=C.UTF-8"],
             [os.path.join(programs, "pg_ctl"), "-D", data, "-l", os.path.join(folder, "log"), "-w", "-o",
              f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]]
    for step in steps:
        done = subprocess.run(step, user=user, capture_output=True, text=True, check=False)
        if done.returncode:
            shutil.rmtree(folder, ignore_errors=True)
            return f"could not start PostgreSQL ({os.path.basename(step[0])}: {done.stderr.strip()[-300:]})"
    return Server(f"postgresql://postgres@127.0.0.1:{port}/postgres", folder, programs, user)


def fresh_database(admin_url: str) -> str:
    """A new empty database on the server of ``admin_url``; its address."""
    import psycopg

    name = "drafter_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name
