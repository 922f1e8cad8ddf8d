#!/usr/bin/env bash
# The release captain's tour (npm run demo): on this repo's own config (flagctl.yaml, flags/, segments/,
# tests/) and a fresh file:// store in a temp dir: validate -> test -> build (signed) -> publish -> promote
# through every environment with its rollout steps (bake times scaled down) -> status -> log; then a second
# release from a changed flag, rolled out and rolled back, to show release notes and rollback; then a fleet of
# eight `flagctl agent` sidecars following that release through prod's rollout steps and the rollback.
#
#   DEMO_BAKE_SCALE  factor applied to every bake time (default 0.002: prod's 15m becomes 1.8s)
#   DEMO_KEEP=1      keep the temp dir (store, keys, clone) and print where it is
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

bold() { if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi; }
say() { printf '$ %s\n' "$*"; }

# --- install and build flagctl when needed ---------------------------------------------------------------
if [ ! -d node_modules ]; then
  bold "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
newest_src=$(find src -type f -newer dist/cli/main.js 2>/dev/null | head -1 || true)
if [ ! -f dist/cli/main.js ] || [ -n "$newest_src" ]; then
  bold "building flagctl (npm run build)"
  npm run build --silent
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/flagctl-demo.XXXXXX")
cleanup() { if [ "${DEMO_KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
STORE="file://$WORK/store"
export FLAGCTL_BAKE_SCALE="${DEMO_BAKE_SCALE:-0.002}"

# Runs flagctl in directory $DIR (default: this repo), echoing the command line.
DIR=$ROOT
flagctl() {
  say "flagctl $*"
  (cd "$DIR" && node "$ROOT/bin/flagctl.js" "$@")
}
quiet_flagctl() { (cd "$DIR" && node "$ROOT/bin/flagctl.js" "$@"); }

# A countdown on one line for waits longer than a second (a rollout step's bake time); one line when not a TTY.
wait_ms() {
  local ms=$1 label=$2
  [ "$ms" -le 0 ] && return 0
  if [ ! -t 1 ]; then
    printf '  %s: waiting %d.%ds\n' "$label" $((ms / 1000)) $(((ms % 1000) / 100))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    return 0
  fi
  local end=$(( $(date +%s%3N) + ms ))
  while :; do
    local left=$(( end - $(date +%s%3N) ))
    [ "$left" -le 0 ] && break
    if [ "$ms" -gt 1000 ]; then printf '\r  %s: %d.%ds left ' "$label" $((left / 1000)) $(((left % 1000) / 100)); fi
    sleep 0.2
  done
  if [ "$ms" -gt 1000 ]; then printf '\r\033[2K'; fi
}

# Walk an env's candidate through every step: wait for the bake time status reports, then roll out.
advance() {
  local env=$1
  while :; do
    local due
    due=$(quiet_flagctl status "$env" --format json --store "$STORE" |
      node -e 'const s=JSON.parse(require("fs").readFileSync(0,"utf8")).environments[0]; console.log(s.candidate ? s.next.dueInMs : -1)')
    [ "$due" = -1 ] && break
    wait_ms "$due" "baking $env"
    flagctl rollout "$env" --store "$STORE"
  done
}

bold "1. validate and test the config repo"
# --offline: the example flags' url-exists checks point at acme's (made-up) CDN; the golden tests all run.
flagctl validate
flagctl test --offline

bold "2. a signing key, then build a release from HEAD"
flagctl keygen --out "$WORK/release"
export FLAGCTL_VERIFY_KEY="$WORK/release.pub"
BUILD=$(flagctl build --offline --sign-key "$WORK/release.key" --store "$STORE" --out "$WORK/build" | tail -1)
V1=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).version)' "$BUILD/manifest.json")
echo "release $V1:"; (cd "$BUILD" && find . -type f | sort | sed 's/^/  /')

bold "3. publish it to a fresh store: $STORE"
DIRTY=()
case "$V1" in *-dirty) DIRTY=(--allow-dirty); echo "(the work tree has uncommitted changes, so this is a -dirty release)";; esac
flagctl publish "$BUILD" --store "$STORE" "${DIRTY[@]}"

bold "4. promote $V1 everywhere: dev and qa directly, then staging -> dogfood -> prod step by step"
for env in dev qa; do flagctl promote "$V1" "$env" --store "$STORE"; done
flagctl promote "$V1" prod --store "$STORE" || echo "(refused as expected: prod takes only what is stable in dogfood)"
for env in staging dogfood prod; do
  flagctl promote "$V1" "$env" --store "$STORE"
  advance "$env"
done

bold "5. status"
flagctl status --store "$STORE"

bold "6. a second release: a new flag committed in a clone, rolled out to staging, then rolled back"
git clone -q "$ROOT" "$WORK/clone"
mkdir -p "$WORK/clone/flags/demo"
cat > "$WORK/clone/flags/demo/kill-switch.yaml" <<'YAML'
description: Turns off the demo widget everywhere at once
owner: "@acme/platform"
kind: kill-switch
type: boolean
default: false
environments:
  dev: true
YAML
(cd "$WORK/clone" && node "$ROOT/bin/flagctl.js" codeowners)   # its owner's review rule, so validate stays clean
git -C "$WORK/clone" add flags/demo .github/CODEOWNERS
git -C "$WORK/clone" -c user.name="Demo Captain" -c user.email=captain@example.com commit -qm "demo: add flags/demo/kill-switch.yaml"
echo "committed flags/demo/kill-switch.yaml in a clone"
DIR="$WORK/clone"
BUILD2=$(flagctl build --offline --sign-key "$WORK/release.key" --store "$STORE" --out "$WORK/build2" | tail -1)
V2=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).version)' "$BUILD2/manifest.json")
flagctl publish "$BUILD2" --store "$STORE"
flagctl promote "$V2" staging --store "$STORE" --reason "demo: second release"
flagctl status staging --store "$STORE"
flagctl rollback staging --store "$STORE" --reason "demo: changed our mind"
DIR=$ROOT

bold "7. a fleet: 8 agents (OFREP sidecars) on prod while v2 rolls out and back"
node "$ROOT/scripts/demo-fleet.mjs" "$STORE" "$V1" "$V2" "$WORK/clone"
DIR=$ROOT

bold "8. the release log"
flagctl log prod --store "$STORE"
echo
flagctl log staging --store "$STORE" --limit 5

bold "done"
echo "store: $STORE (removed on exit; DEMO_KEEP=1 keeps it)"
