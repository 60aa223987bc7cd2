# One image for every ctrmock service; CTRMOCK_SERVICE (ctr | sse | esa | intel) picks which one a container runs.
#   docker build -t ctrmock:local .        (BASE_IMAGE overrides the Node 20 base)
# The build stage installs the whole workspace (pnpm, dev dependencies, the Prisma client generated in Wasm), runs
# `pnpm build` (the CLI's esbuild bundle, which `npm start` and `pnpm bench` run too), then drops the dev
# dependencies; the runtime stage copies the result onto a fresh base and runs as the unprivileged user `node`.
# Services run from the build with plain Node: the image holds no toolchain besides Node.
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
# The intel service builds its entity schemas from the CTIA Swagger (reduced, in specs/).
COPY specs ./specs
# `postinstall` generates the Prisma client into packages/kit/src/db/generated (Wasm, no native engine, no network).
# The build needs esbuild, a dev dependency; then the dev dependencies go (`prune --prod` also empties them from
# node_modules/.pnpm; an install with --prod would not). The packages the bundle leaves out are @ctrmock/cli's own.
RUN pnpm install --offline --frozen-lockfile \
 && test -f packages/kit/src/db/generated/client.ts \
 && pnpm build \
 && pnpm prune --prod --ignore-scripts \
 && rm -rf packages/*/test services/*/test

FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
# Owned by root, run as `node`: the service cannot rewrite its own code.
COPY --from=build /app /app
USER node
# Proves the prune kept what the bundle loads from outside itself, and that its entry runs.
RUN node packages/cli/bundle.mjs --check && node packages/cli/dist/ctrmock.mjs serve --help 2>/dev/null
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/__mock/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Each service creates and migrates its own database at start (kit's prepareDatabase), then listens on PORT.
# SIGTERM closes the server and exits at once; compose adds `init: true` so signals reach node through tini.
ENTRYPOINT ["node", "packages/cli/dist/ctrmock.mjs", "serve"]

# All in one (`docker build --target all-in-one -t ctrmock .`): the embedded Postgres and every service in one
# container, on the documented ports, for users who want a container without compose:
#   docker run -p 7100-7400:7100-7400 -p 2525:2525 ctrmock
# Postgres runs as `node` from the binaries in @ctrmock/cli's dependencies; its cluster lives in the /data volume.
FROM runtime AS all-in-one
USER root
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=5 \
  CMD ["node", "-e", "Promise.all([7100,7101,7110,7111,7200,7201,7300].map(p=>fetch('http://127.0.0.1:'+p+'/__mock/ready').then(r=>{if(!r.ok)throw r.status}))).then(()=>process.exit(0),()=>process.exit(1))"]
ENTRYPOINT ["node", "packages/cli/dist/ctrmock.mjs", "up", "--data-dir", "/data/postgres"]

# The default target (a build without --target, and compose) stays the per-service image.
FROM runtime AS per-service
