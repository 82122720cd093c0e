#!/usr/bin/env bash
# Cross-node delivery latency and throughput through Redis (two wsjwt processes, a real
# redis-server on loopback). Usage: bench/cluster.sh [latency-rounds] [burst]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt -Dmdep.excludeArtifactIds=jboss-modules
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.wsjwt.bench.ClusterDeliveryBench "$@"
