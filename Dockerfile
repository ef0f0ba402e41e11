# syntax=docker/dockerfile:1
# Parley's production image: built with every dependency, run with production dependencies only, as a non-root user.
#   docker build -t parley .
#   docker run -p 3000:3000 -e DATABASE_URL=mysql://… -e REDIS_URL=redis://… -e SESSION_SECRET=… parley
# deploy/compose.yaml and deploy/k8s/ run this image. tests/unit/container-files.test.ts checks that every path and
# script named here exists (no Docker engine runs on the machines this project is tested on).
ARG NODE_IMAGE=node:20-bookworm

# 1. Build: Next's pages, the widget, the server bundle (dist/server.mjs) and the migration runner (dist/migrate.mjs).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
# npm ci's postinstall generates the Prisma clients from prisma/ with scripts/db-generate.mjs.
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only. Install scripts are off because the package's own postinstall needs the Prisma CLI
#    (a dev dependency; the generated clients come from stage 1); better-sqlite3's native module is built on its own.
FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3

# 3. What runs: no compiler, no dev dependencies, no sources beyond what the bundle loads at run time.
FROM ${NODE_IMAGE}-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOST=0.0.0.0 DATA_DIR=/app/data
RUN groupadd --system --gid 10001 parley && useradd --system --uid 10001 --gid parley --home-dir /app --shell /usr/sbin/nologin parley
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/next.config.ts ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/server/store/generated ./server/store/generated
# The only places the process writes: uploads (DATA_DIR) and Next's cache.
RUN mkdir -p /app/data /app/.next/cache && chown -R parley:parley /app/data /app/.next/cache
USER 10001:10001
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# npm passes SIGTERM on to the server, which drains its WebSockets and exits 0.
CMD ["npm", "run", "start:prod"]
