# syntax=docker/dockerfile:1.7
# One image for every worker group, the webhook ingress and the API emulators:
#   docker run IMAGE run --group payments      (worker group; /healthz /readyz /metrics on FLEET_HEALTH_PORT)
#   docker run IMAGE ingress                   (webhook ingress on port 8000)
#   docker run --entrypoint python IMAGE -m sandbox --host 0.0.0.0   (SaaS API emulators, development only)
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: resolve and install the package into a self-contained virtualenv -------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/fleet
COPY pyproject.toml README.md ./
COPY zeebe_lite ./zeebe_lite
COPY workers ./workers
COPY sandbox ./sandbox
# Every dependency ships manylinux wheels, so no compiler is needed; the wheel is built here and only the
# resulting virtualenv reaches the final stage.
RUN /opt/fleet/bin/pip install --no-compile . \
    && /opt/fleet/bin/python -m compileall -q /opt/fleet/lib

# ---- runtime: slim, non-root, Tesseract for receipt OCR, no build tools -------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 fleet \
    && useradd --system --uid 10001 --gid fleet --home-dir /app --no-create-home --shell /usr/sbin/nologin fleet \
    && mkdir -p /app /data/documents /data/sandbox \
    && chown -R fleet:fleet /app /data
COPY --from=build /opt/fleet /opt/fleet
ENV PATH=/opt/fleet/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    FLEET_HEALTH_PORT=8080 \
    FLEET_DOCUMENTS_DIR=/data/documents \
    FLEET_LOG_FORMAT=json
WORKDIR /app
USER 10001:10001
# 8080: worker health and metrics (FLEET_HEALTH_PORT); 8000: webhook ingress (`fleet ingress`).
EXPOSE 8080 8000
# Liveness of a worker: the supervisor and the event loop answer. The ingress service sets its own check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; r.urlopen('http://127.0.0.1:' + os.environ.get('FLEET_HEALTH_PORT', '8080') + '/healthz', timeout=4)"]
ENTRYPOINT ["fleet"]
CMD ["run"]
