# syntax=docker/dockerfile:1
# usulan application image: one image, three roles chosen by the command (see docker-compose.yml):
#   npm run api      HTTP API (default)
#   npm run worker   Temporal worker; WORKER_ROLE=workflows|documents|all
#   npm run migrate  database migrations (one-shot)
FROM node:20-bookworm-slim

WORKDIR /app

# The upload gate reads every berkas with qpdf and poppler (dms/pdf-inspect-file.ts); prlimit (util-linux) bounds them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends qpdf poppler-utils \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, so that source edits reuse this layer. NODE_ENV is set only afterwards: with
# NODE_ENV=production npm ci would skip devDependencies.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .

# Prebuilt workflow bundle: workers start without running webpack (runtime/workflow-bundle.ts).
RUN npm run build:workflows \
 && test -s dist/workflow-bundle.js \
 && mkdir -p /data \
 && chown node:node /data

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js

# /data holds the document blob store and the stand-in PKI key store (owned by "node", so a fresh named
# volume mounted there inherits that owner); docker-compose.yml mounts one volume shared by all replicas.
USER node
EXPOSE 3000
CMD ["npm", "run", "api"]
