#!/usr/bin/env bash
# Side-by-side gateway benchmark on the gwbench workload (../shared/tools/gwbench: 4 subgraphs, the
# graphql-gateways-benchmark query, 50 closed-loop connections, gateway pinned to one core):
# @apollo/gateway first, then this gateway's fat jar, then one table of both.
# Build the jar first: ./mvnw -B -q install -pl gateway   (from the repository root)
# Env: DURATION (measured s, 30), WARMUP (s, 30), RUNS (1), GATEWAYS (reference presets, "apollo-gateway"),
#      JAR (gateway/target/gateway.jar), GWBENCH (path of the harness).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$(realpath "${JAR:-$here/../target/gateway.jar}")"
gwbench="$(realpath "${GWBENCH:-$here/../../../shared/tools/gwbench}")"
[[ -f "$jar" ]] || { echo "missing $jar: build the gateway module first" >&2; exit 1; }
# the harness runs the gateway from a copy, so rebuilding the module during a run cannot disturb it
copy="$(mktemp --suffix=.jar)"
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
cd "$gwbench"
[[ -d node_modules ]] || ./setup.sh
args=(-c 50 -d "${DURATION:-30}" -w "${WARMUP:-30}" -r "${RUNS:-1}" --baseline-duration 0)
for preset in ${GATEWAYS:-apollo-gateway}; do
  node bench.mjs "${args[@]}" --gateway "$preset"
done
node bench.mjs "${args[@]}" --name streamplane-gw -- java -jar "$copy"
node report.mjs --latest
