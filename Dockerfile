# One image for every ctrmock service; CTRMOCK_SERVICE (ctr | sse | esa) picks which one a container runs.
#   docker build -t ctrmock:local .        (BASE_IMAGE overrides the Node 20 base)
# The build stage installs the whole workspace (pnpm, dev dependencies, the Prisma client generated in Wasm), then drops
# the dev dependencies; the runtime stage copies the result onto a fresh base and runs as the unprivileged user `node`.
# Services run from TypeScript through tsx: there is no compile step, and the image holds no toolchain besides Node.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG PNPM_VERSION=12.4.2
WORKDIR /app
RUN npm install -g pnpm@${PNPM_VERSION} && npm cache clean --force
# Downloads depend on the lockfile alone: this layer is reused until pnpm-lock.yaml changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY package.json prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY packages ./packages
COPY services ./services
# `postinstall` generates the Prisma client into packages/kit/src/db/generated (Wasm, no native engine, no network).
# Then the dev dependencies go (`prune --prod` also empties them from node_modules/.pnpm; an install with --prod would not).
RUN pnpm install --offline --frozen-lockfile \
 && test -f packages/kit/src/db/generated/client.ts \
 && pnpm prune --prod --ignore-scripts \
 && rm -rf packages/*/test services/*/test

FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
# Owned by root, run as `node`: the service cannot rewrite its own code. tsx keeps its cache under /tmp.
COPY --from=build /app /app
USER node
# Loads every service once: proves the image can, and leaves tsx's transpile cache (/tmp/tsx-1000) in the image, which
# shortens each container's start.
RUN node --import tsx --input-type=module \
  -e "for (const s of ['ctr', 'sse', 'esa']) await import('/app/services/' + s + '/src/app.ts')"
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/__mock/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Each service creates and migrates its own database at start (kit's prepareDatabase), then listens on PORT.
# SIGTERM closes the server and exits at once; compose adds `init: true` so signals reach node through tini.
ENTRYPOINT ["node", "--import", "tsx", "packages/cli/src/main.ts", "serve"]
