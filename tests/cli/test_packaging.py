"""The built wheel works on its own: schemas inside, console script, version."""

from __future__ import annotations

import subprocess
import sysconfig
import venv
from pathlib import Path

import orjson
import pytest

from tests.helpers import ROOT, SEED_FILE, build_wheel
from worker import __version__

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; dependencies come from this venv."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(ROOT, tmp / "dist")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        timeout=300,
        # Nothing from this environment's path: pip must see an empty venv.
        env={"PATH": "/usr/bin:/bin"},
    )
    return env_dir


def run(env_dir: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    # The dependencies of this venv, but not the source tree: the worker package
    # must come from the installed wheel.
    deps = sysconfig.get_paths()["purelib"]
    return subprocess.run(
        args,
        input=stdin,
        capture_output=True,
        cwd=env_dir,
        env={"PYTHONPATH": deps, "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin"},
        timeout=300,
        check=False,
    )


def test_the_wheel_runs_process_with_its_own_schemas(installed: Path) -> None:
    python = str(installed / "bin" / "python")
    where = run(installed, python, "-c", "import worker; print(worker.__file__)")
    assert str(installed) in where.stdout.decode(), where.stderr.decode()
    seed = orjson.dumps({"id": "seed", "body": SEED_FILE.read_text(encoding="utf-8")})
    out = run(installed, python, "-m", "worker", "process", "--no-extract", stdin=seed + b"\n")
    assert out.returncode == 0, out.stderr.decode()
    [line] = out.stdout.splitlines()
    record = orjson.loads(line)
    assert record["value"]["schema"] == "clean_article/1"
    assert record["value"]["stats"]["kept"] == 7


def test_the_console_script_reports_the_version(installed: Path) -> None:
    out = run(installed, str(installed / "bin" / "news-worker"), "--version")
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout.decode().strip() == f"news-worker {__version__}"
