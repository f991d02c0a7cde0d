# syntax=docker/dockerfile:1
# Plato as one container per process: `docker build -t plato .`, then see
# compose.yaml (two processes, PostgreSQL, Redis, nginx) and docs/deploy.md.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 and argon2 ship prebuilt binaries; the toolchain is the fallback when none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p apps/server/node_modules

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    PLATO_DATA_DIR=/var/lib/plato
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/apps/server/package.json ./apps/server/
COPY --from=build /app/apps/server/node_modules ./apps/server/node_modules
COPY --from=build /app/apps/server/dist ./apps/server/dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN mkdir -p /var/lib/plato && chown node:node /var/lib/plato
USER node
VOLUME ["/var/lib/plato"]
EXPOSE 3000
# /readyz answers 200 once the database does; the slim image has no curl, Node has fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) finishes in-flight requests; allow it more than its 10 s limit: `stop_grace_period: 15s`.
STOPSIGNAL SIGTERM
CMD ["node", "apps/server/dist/server.js"]
