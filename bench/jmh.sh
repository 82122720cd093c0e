#!/usr/bin/env bash
# JMH: TokenVerifier.verify against a bare jose4j JwtConsumer, RS256 and ES256 (µs/op); and a
# verify answered by the cache of verified tokens. JMH_BENCH=ObserverBench bench/jmh.sh: what the
# metrics add per request/reply and per handshake (ns/op).
# Usage: bench/jmh.sh [results-dir] [extra JMH options, e.g. -f 1 -wi 2 -i 3]
# The 'bench' Maven profile adds JMH and bench/jmh/java; the default build never sees them.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/results/jmh-$(date -u +%Y-%m-%dT%H-%M-%SZ)}"; shift || true
mkdir -p "$out"
mvn -B -q -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.excludeArtifactIds=jboss-modules
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "${JMH_BENCH:-TokenVerifierBench}" \
  -rf json -rff "$out/jmh.json" "$@" | tee "$out/jmh.txt" | grep -E '^(Benchmark|TokenVerifierBench|ObserverBench)' || true
node -e '
const r = require(process.argv[1]); const by = {};
for (const b of r) by[b.benchmark.split(".").pop() + " " + (b.params ? b.params.alg : undefined)] = b.primaryMetric.score;
for (const alg of ["RS256", "ES256"]) {
  const w = by["wsjwtVerify " + alg], j = by["bareJose4j " + alg];
  const c = by["wsjwtVerifyCached " + alg];
  if (w && j) console.log(`${alg}: wsjwt ${w.toFixed(1)} µs/op, bare jose4j ${j.toFixed(1)} µs/op, ratio ${(w / j).toFixed(3)} (target ≤ 1.1: ${w / j <= 1.1 ? "met" : "not met"})` + (c ? `; wsjwt cache hit ${c.toFixed(1)} µs/op` : ""));
}
for (const op of ["requestReply", "handshake"]) {
  const on = by[op + "WithMetrics undefined"], off = by[op + "WithoutMetrics undefined"];
  if (on && off) console.log(`${op}: observer with metrics ${on.toFixed(0)} ns/op, without ${off.toFixed(0)} ns/op: metrics add ${(on - off).toFixed(0)} ns`);
}' "$(cd "$out" && pwd)/jmh.json" | tee "$out/jmh-summary.txt"
