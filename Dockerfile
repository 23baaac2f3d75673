# The production image of the Visual CRM API. Build: docker build -t visual-crm-api:0.1.0 .
# Node 24 on Debian slim, pinned by version (the same Node .ci/run tests on).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# 1. Everything needed to compile, and the compiled app.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Production dependencies only: no compiler, test runner, local stack or CLI.
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# TypeScript is an optional peer of @nestjs/swagger ("devOptional" in the lock): omit it too.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

# 3. What runs: dist/, production node_modules, package.json (the version) and LICENSE (served at
# /api/docs/license.txt), owned by root and run as uid 1000, so the app cannot change its own code. The root filesystem can be read-only:
# Node's compile cache goes to /tmp (an emptyDir in deploy/kubernetes). No .env: settings come
# from the environment.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
USER 1000:1000
EXPOSE 8000
# V8's heap budget, matched to the Deployment's memory limit, and a young generation of 8 MB
# semi-spaces: about 50-90 MB less resident memory under load for the same throughput
# (bench/README.md, "Memory").
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=8", "dist/main.js"]
