#!/usr/bin/env bash
# The figures docs/operations.md shows: the standalone demo server (development identity provider),
# the demo traffic of DemoTraffic.java, then the management port's /metrics and /health/ready.
# Usage: bench/ops/sample.sh   (builds target/wsjwt-standalone.jar when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f target/wsjwt-standalone.jar ] || mvn -B -q -DskipTests package
log=$(mktemp)
java -Dwsjwt.port=0 -Dwsjwt.management.port=0 -jar target/wsjwt-standalone.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "management (metrics, health) on" "$log" && grep -q "wsjwt listening" "$log" && break; sleep 0.2; done
port=$(grep -o "wsjwt listening: ws://127.0.0.1:[0-9]*" "$log" | grep -o "[0-9]*$")
mport=$(grep -o "management (metrics, health) on 127.0.0.1:[0-9]*" "$log" | grep -o "[0-9]*$")
java bench/ops/DemoTraffic.java "$port"
echo "--- GET /metrics (wsjwt_ series)"
curl -s "http://127.0.0.1:$mport/metrics" | grep -E "^wsjwt_" | grep -v "_bucket"
echo "--- GET /health/ready"
curl -s -w "\nHTTP %{http_code}\n" "http://127.0.0.1:$mport/health/ready"
echo "--- security events"
grep "event=" "$log" || true
