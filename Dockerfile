# The image api, worker and agi-gateway run from (docker-compose.yml).
# Stage 1 builds the web app; the API serves it at / (TOLLGATE_SPA_DIR).
FROM node:20-slim AS web
WORKDIR /srv/tollgate
COPY openapi openapi
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend frontend
RUN cd frontend && npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never PATH=/opt/venv/bin:$PATH \
    TOLLGATE_SPA_DIR=/srv/tollgate/frontend/dist PYTHONPATH=/srv/tollgate
# Pango renders invoice PDFs (weasyprint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /srv/tollgate
COPY backend/pyproject.toml backend/uv.lock backend/
RUN uv sync --project backend --frozen --no-dev --no-install-project
COPY backend backend
COPY openapi openapi
COPY agi_gateway agi_gateway
COPY --from=web /srv/tollgate/frontend/dist frontend/dist
RUN uv sync --project backend --frozen --no-dev \
    && mkdir -p /var/spool/tollgate-agi && chown nobody /var/spool/tollgate-agi
USER nobody
EXPOSE 8000 4573
CMD ["tollgate", "api"]
