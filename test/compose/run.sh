#!/usr/bin/env bash
# pnpm test:compose — proves `docker compose up` by running it: a private Docker engine, local stand-ins for the base
# images (no image registry is reachable here), the whole stack built and brought up healthy, the scenarios against the
# published ports, state surviving a restart, then everything torn down. Prints timings; non-zero exit on any failure.
# Leaves no containers, networks or engine processes behind (trap on EXIT). See docs/compose.md.
#
# Env: CTRMOCK_COMPOSE_CACHE   where rootfs/image tarballs are kept between runs (default .data/compose-cache)
#      CTRMOCK_COMPOSE_TIMEOUT seconds to wait for every service to be healthy (default 240)
#      CTRMOCK_COMPOSE_TMPFS   size of the tmpfs holding the engine's state (default 12g; "off" keeps it on disk)
#      CTRMOCK_SCENARIO_ARGS   arguments after `scenario run` (default: --all plus every base URL)
#      CTRMOCK_COMPOSE_BENCH   arguments for `pnpm bench --running` against the compose stack after the scenarios
#                              (e.g. "--only ctr-inspect,ctr-enrich-observe"); CTR then runs with RATE_LIMIT_PER_HOUR=0.
#                              Unset (CI): no benchmark. Results in .data/compose-test/bench.json
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/test/compose
CACHE=${CTRMOCK_COMPOSE_CACHE:-$ROOT/.data/compose-cache}
HEALTHY_TIMEOUT=${CTRMOCK_COMPOSE_TIMEOUT:-240}
SUITE_START=$EPOCHREALTIME

LOGS=$ROOT/.data/compose-test  # this run's logs: build, up, dockerd, and the services' logs on failure
rm -rf "$LOGS" && mkdir -p "$LOGS"

WORK=$(mktemp -d /tmp/ctrmock-compose.XXXXXX)
# The engine's whole state on a tmpfs: builds write many small files, slow to remove from disk afterwards; unmounting a
# tmpfs removes them at once.
WORK_TMPFS=
if [ "${CTRMOCK_COMPOSE_TMPFS:-12g}" != off ] && [ "$(id -u)" = 0 ] \
  && mount -t tmpfs -o "size=${CTRMOCK_COMPOSE_TMPFS:-12g},mode=0700" ctrmock-compose "$WORK" 2>/dev/null; then
  WORK_TMPFS=1
fi
export DOCKER_HOST=unix://$WORK/docker.sock
# The engine from Debian has no BuildKit; compose v1 must build through the classic API too.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
# A benchmark measures throughput, which CTR's hourly limit per org would turn into 429s (compose passes it through).
if [ -n "${CTRMOCK_COMPOSE_BENCH:-}" ]; then export RATE_LIMIT_PER_HOUR=0; fi
# Compose runs on a snapshot of the work tree (see snapshot_tree), so every service builds from the same sources.
export COMPOSE_PROJECT_NAME=ctrmock-compose-test COMPOSE_FILE=$WORK/src/docker-compose.yml
DOCKER=(/usr/bin/docker)
COMPOSE=(docker-compose --ansi never)
ENGINE_PID=
DOCKER0_EXISTED=
NET_STATE=  # "policy ip_forward" before our engine touched the host's firewall; empty when another engine owns it
BRIDGES_BEFORE=
declare -a TIMINGS=()
SCENARIOS_FAILED=

log() { printf '\n[compose-test %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '\n[compose-test] FAIL: %s\n' "$*" >&2; exit 1; }
# The machine cannot run a Docker engine at all (no root, no Debian packages, no dockerd): not a ctrmock failure.
# Exit 77 (the automake "skipped" code) so callers such as .ci/run can tell the two apart.
unavailable() { printf '\n[compose-test] UNAVAILABLE: %s\n' "$*" >&2; exit 77; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
record() { TIMINGS+=("$(printf '%-32s %7ss' "$1" "$2")"); }

# ---------------------------------------------------------------------------------------------------- teardown
cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$ENGINE_PID" ] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    if [ "$status" != 0 ] && [ -n "$("${COMPOSE[@]}" ps -q 2>/dev/null)" ]; then
      log "failure: state of the stack (full logs in $LOGS)"
      "${COMPOSE[@]}" ps 2>&1
      "${COMPOSE[@]}" logs --no-color >"$LOGS/services.log" 2>&1
      "${COMPOSE[@]}" logs --no-color --tail=40 2>&1 | tail -250
    fi
    log "tearing down (down -v, then the engine, pid $ENGINE_PID)"
    "${COMPOSE[@]}" down -v --remove-orphans -t 5 >/dev/null 2>&1
    local left
    left=$("${DOCKER[@]}" ps -aq 2>/dev/null)
    [ -n "$left" ] && "${DOCKER[@]}" rm -f $left >/dev/null 2>&1
    "${DOCKER[@]}" network prune -f >/dev/null 2>&1
    "${DOCKER[@]}" volume prune -f >/dev/null 2>&1
    kill -TERM "$ENGINE_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$ENGINE_PID" 2>/dev/null && kill -KILL "$ENGINE_PID" 2>/dev/null
  fi
  # containerd and its shims were started by our engine under $WORK: end any that outlived it, by PID.
  local pid
  for pid in $(pgrep -f -- "$WORK" 2>/dev/null); do
    [ "$pid" != "$$" ] && kill -KILL "$pid" 2>/dev/null
  done
  [ -f "$WORK/dockerd.log" ] && cp "$WORK/dockerd.log" "$LOGS/"
  # The engine leaves overlay and netns mounts under its folders when it is killed; unmount before removing.
  grep -o " $WORK/[^ ]*" /proc/mounts 2>/dev/null | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  if [ -z "$DOCKER0_EXISTED" ] && ip link show docker0 >/dev/null 2>&1; then ip link delete docker0 2>/dev/null; fi
  restore_host_network
  if [ -n "$WORK_TMPFS" ]; then umount "$WORK" 2>/dev/null || umount -l "$WORK"; fi
  rm -rf "$WORK"
  if [ ${#TIMINGS[@]} -gt 0 ]; then
    printf '\n[compose-test] timings\n'
    printf '  %s\n' "${TIMINGS[@]}"
  fi
  printf '  %-32s %7ss\n' "total" "$(elapsed "$SUITE_START")"
  if [ "$status" = 0 ]; then printf '\ncompose test passed\n'
  elif [ "$status" = 77 ]; then printf '\ncompose test not run: no Docker engine can run on this machine\n' >&2
  else printf '\ncompose test FAILED (exit %s)\n' "$status" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------- tools
ensure_tools() {
  local missing=()
  command -v dockerd >/dev/null && [ -x /usr/bin/docker ] || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v ip >/dev/null || missing+=(iproute2)
  [ ${#missing[@]} = 0 ] && return
  [ "$(id -u)" = 0 ] || unavailable "needs root to install ${missing[*]} (apt-get) and to run dockerd"
  log "installing ${missing[*]} from Debian"
  apt-get update -qq || unavailable "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || unavailable "cannot install ${missing[*]} from Debian"
}

# ---------------------------------------------------------------------------------------------------- engine
# dockerd adds its chains and NAT rules to the host's iptables, sets FORWARD to DROP and turns on ip_forward; it undoes
# none of it on exit. When no Docker engine had done so before us, put the host back as it was.
bridges() { ip -o link show type bridge 2>/dev/null | awk -F': ' '{ print $2 }' | grep -E '^br-[0-9a-f]{12}$' || true; }

remember_host_network() {
  command -v iptables >/dev/null || return 0
  BRIDGES_BEFORE=$(bridges)
  iptables -t nat -S DOCKER >/dev/null 2>&1 && return 0
  NET_STATE="$(iptables -S FORWARD 2>/dev/null | awk '$1 == "-P" { print $3 }') $(cat /proc/sys/net/ipv4/ip_forward)"
}

restore_host_network() {
  [ -n "$NET_STATE" ] || return 0
  local table chain rule
  for table in nat filter; do
    iptables-save -t "$table" | grep -E '^-A (PREROUTING|INPUT|OUTPUT|POSTROUTING|FORWARD) ' | grep -E 'DOCKER|docker0|br-[0-9a-f]{12}' \
      | sed 's/^-A/-D/' | while read -r rule; do eval "iptables -t $table $rule"; done
    for chain in DOCKER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do
      iptables -t "$table" -F "$chain" 2>/dev/null; iptables -t "$table" -X "$chain" 2>/dev/null
    done
  done
  local bridge  # compose networks' bridges that outlived the engine
  for bridge in $(bridges); do
    grep -qx "$bridge" <<<"$BRIDGES_BEFORE" || ip link delete "$bridge" 2>/dev/null
  done
  iptables -P FORWARD "${NET_STATE% *}" 2>/dev/null
  echo "${NET_STATE#* }" >/proc/sys/net/ipv4/ip_forward 2>/dev/null
  NET_STATE=
}

start_engine() {
  [ "$(id -u)" = 0 ] || unavailable "dockerd needs root"
  ip link show docker0 >/dev/null 2>&1 && DOCKER0_EXISTED=1
  remember_host_network
  if pgrep -x dockerd >/dev/null; then
    log "warning: another dockerd is running on this machine; both will manage the docker0 bridge"
  fi
  mkdir -p "$WORK/data" "$WORK/exec"
  dockerd --data-root "$WORK/data" --exec-root "$WORK/exec" -H "$DOCKER_HOST" --pidfile "$WORK/docker.pid" \
    >"$WORK/dockerd.log" 2>&1 &
  ENGINE_PID=$!
  echo "  dockerd pid $ENGINE_PID, state in $WORK${WORK_TMPFS:+ (tmpfs)}"
  for _ in $(seq 1 150); do
    "${DOCKER[@]}" version >/dev/null 2>&1 && return
    kill -0 "$ENGINE_PID" 2>/dev/null || { tail -20 "$WORK/dockerd.log"; unavailable "dockerd exited at start"; }
    sleep 0.2
  done
  tail -20 "$WORK/dockerd.log"
  unavailable "dockerd did not answer within 30 s"
}

# ---------------------------------------------------------------------------------------------------- stand-ins
# The images the Dockerfile and the compose file name, built locally: node:20-bookworm-slim and postgres:16.
BASE_TAG=ctrmock-standin/debian:bookworm-minbase

base_image() {
  local tarball=$CACHE/debian-bookworm-minbase.tar.gz
  if [ ! -s "$tarball" ]; then
    log "debootstrap bookworm minbase (cached afterwards in $tarball)"
    local mirror
    mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
      | grep -oE 'https?://[^ ]+' | head -1 || true)
    debootstrap --variant=minbase bookworm "$WORK/rootfs" "${mirror:-http://deb.debian.org/debian}" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap failed"; }
    # What the official slim images leave out too: package lists, downloaded .debs, docs, manuals, translations.
    rm -rf "$WORK"/rootfs/var/lib/apt/lists/* "$WORK"/rootfs/var/cache/apt/* "$WORK"/rootfs/usr/share/doc/* \
      "$WORK"/rootfs/usr/share/man/* "$WORK"/rootfs/usr/share/info/* "$WORK"/rootfs/usr/share/locale/*
    mkdir -p "$CACHE"
    tar -C "$WORK/rootfs" -czf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$WORK/rootfs"
  fi
  "${DOCKER[@]}" import "$tarball" "$BASE_TAG" >/dev/null
}

node_image() {
  local ctx=$WORK/node-context npm_dir node_bin
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(npm root -g)/npm
  [ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" = 20 ] || fail "the host's node is not Node 20: $("$node_bin" --version)"
  mkdir -p "$ctx"
  cp "$node_bin" "$ctx/node"
  cp -a "$npm_dir" "$ctx/npm"
  cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$ctx/ca-certificates.crt"
  cp "$HERE/standins/node.Dockerfile" "$ctx/Dockerfile"
  "${DOCKER[@]}" build -q -t node:20-bookworm-slim "$ctx" >/dev/null 2>"$WORK/node-build.log" \
    || { cat "$WORK/node-build.log"; fail "building the node:20-bookworm-slim stand-in failed"; }
  rm -rf "$ctx"
}

postgres_image() {
  # Cached as an image tarball, keyed by the stand-in's own files.
  local key tarball
  key=$(cat "$HERE/standins/postgres.Dockerfile" "$HERE/standins/postgres-entrypoint.sh" | sha256sum | cut -c1-12)
  tarball=$CACHE/postgres-16-standin-$key.tar.gz
  if [ -s "$tarball" ]; then
    "${DOCKER[@]}" load -q -i "$tarball" >/dev/null && return
  fi
  log "building the postgres:16 stand-in (Debian's postgresql-15; cached afterwards)"
  "${DOCKER[@]}" build -q -t postgres:16 -f "$HERE/standins/postgres.Dockerfile" "$HERE/standins" >/dev/null 2>"$WORK/pg-build.log" \
    || { cat "$WORK/pg-build.log"; fail "building the postgres:16 stand-in failed"; }
  mkdir -p "$CACHE"
  rm -f "$CACHE"/postgres-16-standin-*.tar.gz
  "${DOCKER[@]}" save postgres:16 | gzip -1 >"$tarball.tmp" && mv "$tarball.tmp" "$tarball"
}

# ---------------------------------------------------------------------------------------------------- stack
# What the build context would hold, copied once: all five services build the same sources even while the work tree
# changes, so the four builds after the first are cache hits.
snapshot_tree() {
  mkdir -p "$WORK/src"
  tar -C "$ROOT" --exclude=./node_modules --exclude='*/node_modules' --exclude=./.data --exclude=./.git --exclude=./.tap \
    -cf - . | tar -C "$WORK/src" -xf -
}

ports_free() { # the published ports: a stack already running here (pnpm start, another compose) would collide
  local ports
  ports=$(grep -oE '"127\.0\.0\.1:[0-9]+' "$ROOT/docker-compose.yml" | cut -d: -f2 | tr '\n' ' ')
  node -e '
    const net = require("node:net")
    const busy = []
    Promise.all(process.argv.slice(1).map((port) => new Promise((done) => {
      const server = net.createServer().once("error", () => { busy.push(port); done() })
      server.listen(Number(port), "127.0.0.1", () => server.close(done))
    }))).then(() => { if (busy.length) { console.error(busy.join(" ")); process.exit(1) } })
  ' $ports 2>"$WORK/busy" || fail "ports already in use on 127.0.0.1: $(cat "$WORK/busy") (stop what listens there first)"
}

container_of() { "${COMPOSE[@]}" ps -q "$1" 2>/dev/null; }

wait_healthy() {
  local deadline=$((SECONDS + HEALTHY_TIMEOUT)) services pending svc id state
  services=$("${COMPOSE[@]}" config --services)
  while :; do
    pending=()
    for svc in $services; do
      id=$(container_of "$svc")
      state=$([ -n "$id" ] && "${DOCKER[@]}" inspect -f '{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}/{{.RestartCount}}' "$id" 2>/dev/null)
      case "$state" in
        running/healthy/*) ;;
        */*/[3-9]|*/*/[1-9][0-9]) fail "$svc keeps restarting ($state)" ;;
        *) pending+=("$svc=${state:-none}") ;;
      esac
    done
    [ ${#pending[@]} = 0 ] && return
    [ $SECONDS -ge $deadline ] && fail "not healthy after ${HEALTHY_TIMEOUT}s: ${pending[*]}"
    sleep 1
  done
}

# HTTP from the host, through the published ports (Node is the one tool every machine here has).
http() { # method url [json-body] → prints "status body"
  node -e '
    const [method, url, body] = process.argv.slice(1)
    fetch(url, { method, headers: body ? { "content-type": "application/json" } : {}, body: body || undefined })
      .then(async (r) => console.log(r.status, await r.text()), (e) => { console.log(0, String(e.cause ?? e)); })
  ' "$@"
}

SSE=http://127.0.0.1:7200
FAULT='{"match":{"path":"/never"},"action":{"type":"error","status":503}}'

restart_keeps_state() {
  local out id
  out=$(http POST "$SSE/__mock/faults" "$FAULT")
  case "$out" in 2??\ *) ;; *) fail "POST $SSE/__mock/faults answered: $out" ;; esac
  id=$(node -e 'const b = JSON.parse(process.argv[1].replace(/^\d+ /, "")); console.log(b.id ?? b.rule?.id ?? "")' "$out")
  echo "  fault rule created${id:+ ($id)}"
  "${COMPOSE[@]}" restart -t 10 sse-americas >/dev/null
  wait_healthy
  out=$(http GET "$SSE/__mock/faults")
  case "$out" in 200\ *) ;; *) fail "GET $SSE/__mock/faults after restart answered: $out" ;; esac
  node -e '
    const body = JSON.parse(process.argv[1].replace(/^\d+ /, ""))
    const rules = Array.isArray(body) ? body : body.rules ?? body.faults ?? body.items ?? []
    const id = process.argv[2]
    const kept = rules.some((r) => (!id || r.id === id) && r.match?.path === "/never" && r.action?.status === 503)
    if (!kept) { console.error("  fault rules after restart:", JSON.stringify(body)); process.exit(1) }
  ' "$out" "$id" || fail "the fault rule did not survive docker-compose restart sse-americas"
  echo "  the fault rule survived the restart"
  http DELETE "$SSE/__mock/faults" >/dev/null
}

stop_is_prompt() { # a service container stops on SIGTERM well before docker's 10 s kill
  local id t0 took
  id=$(container_of esa)
  t0=$EPOCHREALTIME
  "${DOCKER[@]}" stop -t 10 "$id" >/dev/null
  took=$(elapsed "$t0")
  record "docker stop (esa)" "$took"
  awk -v t="$took" 'BEGIN { exit !(t < 5) }' || fail "docker stop took ${took}s: the service does not exit on SIGTERM"
}

# ---------------------------------------------------------------------------------------------------- run
cd "$ROOT"
t0=$EPOCHREALTIME
[ -d node_modules/tsx ] || fail "install the workspace first (pnpm install): the scenarios run from this checkout"
ports_free
ensure_tools
start_engine
record "tools + engine" "$(elapsed "$t0")"

t0=$EPOCHREALTIME
log "stand-in base images"
base_image
node_image
postgres_image
record "stand-in images" "$(elapsed "$t0")"

t0=$EPOCHREALTIME
log "docker-compose build"
snapshot_tree
"${COMPOSE[@]}" build >"$LOGS/build.log" 2>&1 || { tail -60 "$LOGS/build.log"; fail "docker-compose build failed"; }
record "build" "$(elapsed "$t0")"
echo "  image ctrmock:local: $("${DOCKER[@]}" image inspect -f '{{.Size}}' ctrmock:local | awk '{ printf "%.0f MB", $1 / 1e6 }')"

t0=$EPOCHREALTIME
log "docker-compose up -d --build, waiting for every service to be healthy"
"${COMPOSE[@]}" up -d --build >"$LOGS/up.log" 2>&1 || { tail -40 "$LOGS/up.log"; fail "docker-compose up failed"; }
record "  (up -d --build returned)" "$(elapsed "$t0")"
wait_healthy
record "up to healthy" "$(elapsed "$t0")"
"${COMPOSE[@]}" ps

if [ -f packages/cli/src/commands/scenario.ts ]; then
  t0=$EPOCHREALTIME
  log "ctrmock scenario run (against the published ports)"
  # A failing scenario does not stop the run: the restart and stop checks still run, and the exit is non-zero at the end.
  # shellcheck disable=SC2086
  timeout 420 node --import tsx packages/cli/src/main.ts scenario run ${CTRMOCK_SCENARIO_ARGS:---all \
    --ctr-url http://127.0.0.1:7100 --ctr-eu-url http://127.0.0.1:7101 \
    --sse-americas-url http://127.0.0.1:7200 --sse-europe-url http://127.0.0.1:7201 --esa-url http://127.0.0.1:7300 \
    --smtp-port 2525} 2>&1 | tee "$LOGS/scenarios.log" || SCENARIOS_FAILED=1
  record "scenarios${SCENARIOS_FAILED:+ (FAILED)}" "$(elapsed "$t0")"
else
  log "skipping scenarios: packages/cli/src/commands/scenario.ts does not exist yet"
  record "scenarios (skipped: no CLI yet)" "0.0"
fi

# What each container holds once the scenarios ran, as `docker stats` shows it (informational: an engine without
# cgroup statistics prints nothing here).
echo "  memory after the scenarios: $(timeout 20 "${DOCKER[@]}" stats --no-stream --format '{{.Name}} {{.MemUsage}}' 2>/dev/null \
  | awk '{ print $1 " " $2 }' | sort | paste -sd ',' - | sed 's/,/, /g')"

if [ -n "${CTRMOCK_COMPOSE_BENCH:-}" ]; then
  t0=$EPOCHREALTIME
  log "pnpm bench --running $CTRMOCK_COMPOSE_BENCH (against the published ports)"
  # shellcheck disable=SC2086
  node --import tsx bench/run.ts --running $CTRMOCK_COMPOSE_BENCH --out "$LOGS/bench.json" 2>&1 | tee "$LOGS/bench.log" \
    || fail "pnpm bench --running failed against the compose stack; see $LOGS/bench.log"
  record "bench" "$(elapsed "$t0")"
fi

t0=$EPOCHREALTIME
log "state survives docker-compose restart sse-americas"
restart_keeps_state
record "restart check" "$(elapsed "$t0")"

stop_is_prompt

"${COMPOSE[@]}" logs --no-color >"$LOGS/services.log" 2>&1 || true
t0=$EPOCHREALTIME
log "docker-compose down -v"
"${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || fail "docker-compose down failed"
record "down -v" "$(elapsed "$t0")"

# The all-in-one image (the Dockerfile's all-in-one target): one `docker run` on the documented ports reaches ready and
# runs the tech note; then @ctrmock/client/testcontainers starts it on mapped ports (test/packaging/testcontainers.test.ts).
# Only the ports in use are published: a 7100-7400 range would start one docker-proxy per port.
t0=$EPOCHREALTIME
log "all-in-one image: docker run, then the Testcontainers helper"
"${DOCKER[@]}" build -q --target all-in-one -t ctrmock:all-in-one "$WORK/src" >"$LOGS/all-in-one-build.log" 2>&1 \
  || { tail -40 "$LOGS/all-in-one-build.log"; fail "building the all-in-one image failed"; }
"${DOCKER[@]}" run -d --name ctrmock-all-in-one -e CTRMOCK_TLS=1 -p 127.0.0.1:7100-7101:7100-7101 -p 127.0.0.1:7110-7111:7110-7111 -p 127.0.0.1:7200-7201:7200-7201 \
  -p 127.0.0.1:7300:7300 -p 127.0.0.1:2525:2525 -p 127.0.0.1:8100:8100 -p 127.0.0.1:8300:8300 ctrmock:all-in-one >/dev/null || fail "docker run ctrmock:all-in-one failed"
for port in 7100 7101 7110 7111 7200 7201 7300; do
  for _ in $(seq 1 120); do case "$(http GET "http://127.0.0.1:$port/__mock/ready")" in 200\ *) break ;; esac; sleep 1; done
  case "$(http GET "http://127.0.0.1:$port/__mock/ready")" in 200\ *) ;; *) "${DOCKER[@]}" logs --tail 40 ctrmock-all-in-one; fail "all-in-one: port $port not ready" ;; esac
done
# With CTRMOCK_TLS=1, CTR and the ESA answer HTTPS on port + 1000 with a certificate the CA in the volume signed.
"${DOCKER[@]}" cp ctrmock-all-in-one:/data/tls/ca.pem "$WORK/ca.pem" || fail "all-in-one: no CA in /data/tls"
for port in 8100 8300; do
  node -e '
    const [port, ca] = process.argv.slice(1)
    require("node:https").get({ host: "127.0.0.1", port, path: "/__mock/ready", ca: require("node:fs").readFileSync(ca) }, (r) => process.exit(r.statusCode === 200 ? 0 : 1))
      .on("error", (e) => { console.error(String(e)); process.exit(1) })
  ' "$port" "$WORK/ca.pem" || fail "all-in-one: HTTPS on $port does not answer with the local CA"
done
timeout 300 node --import tsx packages/cli/src/main.ts scenario run integrate-esa 2>&1 | tee "$LOGS/all-in-one-scenario.log" \
  || fail "integrate-esa failed against the all-in-one container"
"${DOCKER[@]}" rm -f ctrmock-all-in-one >/dev/null
TESTCONTAINERS_RYUK_DISABLED=true CTRMOCK_TEST_IMAGE=ctrmock:all-in-one npx tap test/packaging/testcontainers.test.ts \
  2>&1 | tee "$LOGS/testcontainers.log" || fail "the Testcontainers helper failed; see $LOGS/testcontainers.log"
record "all-in-one + testcontainers" "$(elapsed "$t0")"

if [ -n "$SCENARIOS_FAILED" ]; then
  grep -E '^✗|^ +✗' -A1 "$LOGS/scenarios.log" | grep -vE '^--$' >&2 || true
  fail "scenarios failed against the compose stack (the other checks passed); see $LOGS/scenarios.log"
fi
