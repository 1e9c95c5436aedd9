"""Virtuoso Open Source 7 (Debian's ``virtuoso-opensource-7-bin``) as a remote store for the tests.

``virtuoso-t +foreground +configfile DIR/virtuoso.ini``, the ini made from the project's
``deploy/virtuoso/virtuoso.ini`` with this server's data directory and loopback ports filled in. Once it
answers, ``isql-vt`` on its loopback SQL port

- replaces the factory ``dba`` password by a random one (nothing on this machine may log in as dba/dba),
- creates the writer ``modgraph`` (random password) with the role ``SPARQL_UPDATE``, for the digest-auth
  endpoints ``/sparql-auth`` (update) and ``/sparql-graph-crud-auth`` (Graph Store Protocol),
- takes SERVICE, sponging and ``LOAD <http://…>`` away from the role ``SPARQL_UPDATE`` (``FEDERATION_OFF``).
  The anonymous user ``SPARQL``, which answers ``/sparql`` (the query URL modgraph reads through), holds
  ``SPARQL_SELECT`` only. So the server itself refuses updates on the read path and outbound requests on every
  path, whatever modgraph's own guardrails do.

The quirks this meets are written down in ``modgraph/store/remote/virtuoso.py``.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from pathlib import Path

from tests.servers.base import SparqlServer, client_for, free_port

__all__ = ["VirtuosoServer", "IsqlError", "client_for", "virtuoso_program"]

#: the project's ini, with @DATA_DIR@, @SQL_PORT@ and @HTTP_PORT@ to fill in
INI_TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "virtuoso" / "virtuoso.ini"

#: Federation off for every user. In a fresh Virtuoso 7.2 database the role SPARQL_SELECT may execute
#: DB.DBA.SPARQL_REXEC* (the client side of SERVICE), SPARQL_SPONGE (which SPARQL_UPDATE includes) may read the
#: view SPARQL_SINV_2 (SERVICE's bindings) and run the sponger (a ``FROM <http://…>`` graph fetched from the
#: web), and SPARQL_UPDATE may run ``LOAD <http://…>``. So the writer could make the server send requests
#: (the anonymous reader could not: it lacks SPARQL_SINV_2). Revoked one object at a time, leaving the roles as
#: they are: revoking the role SPARQL_SPONGE from SPARQL_UPDATE instead breaks the Graph Store Protocol
#: (``No permission to execute dpipe DB.DBA.RL_I2ID``). tests/remote/test_virtuoso.py checks it by behaviour.
FEDERATION_OFF = "\n".join(
    f'REVOKE {privilege} ON {obj} FROM "{role}";'
    for privilege, obj, role in [
        ("EXECUTE", "DB.DBA.SPARQL_REXEC", "SPARQL_SELECT"),
        ("EXECUTE", "DB.DBA.SPARQL_REXEC_TO_ARRAY", "SPARQL_SELECT"),
        ("EXECUTE", "DB.DBA.SPARQL_REXEC_WITH_META", "SPARQL_SELECT"),
        ("SELECT", "DB.DBA.SPARQL_SINV_2", "SPARQL_SPONGE"),
        ("EXECUTE", "DB.DBA.SPARQL_SINV_IMP", "SPARQL_SPONGE"),
        ("EXECUTE", "DB.DBA.RDF_SPONGE_UP", "SPARQL_SPONGE"),
        ("EXECUTE", "DB.DBA.RDF_SPONGE_UP_1", "SPARQL_SPONGE"),
        ("EXECUTE", "DB.DBA.RDF_SPONGE_UP_LIST", "SPARQL_SPONGE"),
        ("EXECUTE", "DB.DBA.SPARUL_LOAD_SERVICE_DATA", "SPARQL_SPONGE"),
        ("EXECUTE", "DB.DBA.SPARUL_LOAD_SERVICE_DATA", "SPARQL_LOAD_SERVICE_DATA"),
        ("EXECUTE", "DB.DBA.SPARUL_LOAD_SERVICE_DATA", "SPARQL_UPDATE"),
        ("EXECUTE", "DB.DBA.SPARUL_LOAD", "SPARQL_UPDATE"),
    ]
)


def virtuoso_program(name: str) -> str:
    """``virtuoso-t`` or ``isql-vt`` on PATH.

    :raises FileNotFoundError: when it is not installed (``scripts/setup.sh --test`` installs
        ``virtuoso-opensource-7-bin``).
    """
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} is missing: scripts/setup.sh --test installs the Debian package virtuoso-opensource-7-bin"
        )
    return found


class IsqlError(RuntimeError):
    """An ``isql-vt`` script failed (its output is the message)."""


class VirtuosoServer(SparqlServer):
    """One Virtuoso process with its database in ``workdir/db``. Queries go to ``/sparql`` (anonymous,
    read-only), updates to ``/sparql-auth`` and the Graph Store Protocol to ``/sparql-graph-crud-auth``,
    both as ``modgraph`` with HTTP digest authentication."""

    name = "virtuoso"
    query_path = "/sparql"
    update_path = "/sparql-auth"
    gsp_path = "/sparql-graph-crud-auth"
    # a fresh database is created and checkpointed several times before the HTTP port opens (~20 s here)
    start_timeout = 180.0
    user = "modgraph"
    auth = "digest"

    def __init__(self, workdir: Path, port: int | None = None, sql_port: int | None = None) -> None:
        super().__init__(workdir, port)
        self.sql_port = sql_port or free_port()
        self.password = secrets.token_urlsafe(16)
        self.dba_password = "dba"  # the factory password until start() replaces it
        self.data_dir = self.workdir / "db"
        self.ini_path = self.workdir / "virtuoso.ini"

    # ------------------------------------------------------------ configuration

    def ini_text(self) -> str:
        """The project's ini with this server's directory and ports."""
        text = INI_TEMPLATE.read_text(encoding="utf-8")
        for key, value in {
            "@DATA_DIR@": str(self.data_dir),
            "@SQL_PORT@": str(self.sql_port),
            "@HTTP_PORT@": str(self.port),
        }.items():
            text = text.replace(key, value)
        return text

    def argv(self) -> list[str]:
        """:raises FileNotFoundError: when ``virtuoso-t`` is not installed."""
        program = virtuoso_program("virtuoso-t")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.ini_path.write_text(self.ini_text(), encoding="utf-8")
        return [program, "+foreground", "+configfile", str(self.ini_path)]

    @property
    def public_gsp_url(self) -> str:
        """The anonymous, read-only Graph Store Protocol endpoint."""
        return f"{self.base_url}/sparql-graph-crud"

    # ------------------------------------------------------------ SQL

    def isql(self, script: str) -> str:
        """Run SQL statements (each ending in ``;``) as dba on the loopback SQL port; their output.

        :raises IsqlError: when ``isql-vt`` fails or reports an error.
        :raises FileNotFoundError: when ``isql-vt`` is not installed.
        """
        argv = [virtuoso_program("isql-vt"), f"127.0.0.1:{self.sql_port}", "dba", self.dba_password]
        done = subprocess.run(
            argv, input=script + "\nEXIT;\n", capture_output=True, text=True, timeout=120, cwd=self.workdir
        )
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise IsqlError(f"isql-vt failed ({done.returncode}):\n{output[-4000:]}")
        return output

    def grant(self) -> None:
        """The dba password replaced, federation off, the writer created (see the module's docstring).

        :raises IsqlError: when a statement fails.
        """
        new_dba = secrets.token_urlsafe(16)
        self.isql(f"USER_SET_PASSWORD('dba', '{new_dba}');")
        self.dba_password = new_dba
        self.isql(FEDERATION_OFF)
        self.isql(f"DB.DBA.USER_CREATE('{self.user}', '{self.password}');\nGRANT SPARQL_UPDATE TO \"{self.user}\";")

    # ------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start, wait for ``/sparql``, then set up the users (``grant``).

        :raises FileNotFoundError: ``virtuoso-t`` or ``isql-vt`` is missing.
        :raises ServerNotReady: it did not come up.
        :raises IsqlError: a grant failed.
        """
        super().start()
        try:
            self.grant()
        except BaseException:
            self.stop()
            raise
