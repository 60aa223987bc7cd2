# Stand-in for the official node:20-bookworm-slim, built from a local Debian bookworm minbase rootfs and the host's own
# Node 20 binary and npm (the build context is prepared by test/compose/run.sh). Same layout as the official image:
# node and npm under /usr/local, user `node` (uid 1000).
FROM ctrmock-standin/debian:bookworm-minbase
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
# The host's trust store: on machines whose egress re-signs TLS, npm inside a build needs the same CA bundle the host
# uses. The official image does not need this on a normal network.
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
