#!/usr/bin/env bash
# The performance benchmark (not part of mvn verify): wsjwt against a bare Tyrus echo server (on
# wsjwt's transport settings, and on Grizzly's defaults as Tyrus ships them) and
# a Node ws + jose peer, each in its own process, driven over loopback by two independent load
# clients in turn (Node's ws, load.mjs; the JDK's java.net.http WebSocket, JavaLoadClient); then
# JMH for token verification. Prints a table with both clients' ratios side by side; writes
# bench/results/<time>/report.json.
# Usage: bench/run.sh [--rounds=5] [--handshakes=3000] [--warmup=20000] [--connections=50] [--requests=2000]
#                     [--idle=10000] [--workers=1] [--servers=wsjwt,wsjwt-nometrics,bare,tyrus,node] [--repeat-tokens=0]
#                     [--java-opts="-Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dwsjwt.server.io-strategy=worker"]
#                     [--phases=handshake,rr,idle] [--profile]   (JFR recordings of the Java servers)
#                     [--clients=node,java] [--java-warmup=6000] [--idle-client=node]
#                     [--idle-steps=1000,10000,19000] [--histogram]   (class histograms + NMT in the idle phase)
#        SKIP_JMH=1 bench/run.sh ...   to leave out the JMH part
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)"   # 10,000 idle connections need more than the usual 1,024 descriptors
[ "$(ulimit -n)" -ge 12000 ] || echo "warning: only $(ulimit -n) file descriptors; lower --idle" >&2
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt -Dmdep.excludeArtifactIds=jboss-modules
(cd bench/node && npm install --no-audit --no-fund --loglevel=error)
node bench/node/bench.mjs --classpath="target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$@" | tee target/bench-table.md
if [ -z "${SKIP_JMH:-}" ]; then
  bench/jmh.sh "$(ls -td bench/results/*/ | head -1)"
fi
