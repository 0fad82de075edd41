# Kith's service image for docker-compose.yml (production points it at Neo4j).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# The CPU build of torch, pinned exactly: a looser pin pulls gigabytes of CUDA packages.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY loaders ./loaders
COPY recommenders ./recommenders
RUN pip install . && useradd --system --home /var/lib/kith kith \
    && mkdir -p /var/lib/kith && chown kith /var/lib/kith
USER kith

EXPOSE 8000
# Bootstrap the schema (idempotent), then serve the GraphQL API on all interfaces of the container.
CMD ["sh", "-c", "kith schema apply && exec kith serve --host 0.0.0.0 --port 8000"]
