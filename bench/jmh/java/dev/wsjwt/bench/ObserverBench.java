package dev.wsjwt.bench;

import dev.wsjwt.ops.MessageOutcome;
import dev.wsjwt.ops.Observer;
import dev.wsjwt.ops.OpenTelemetryObserver;
import dev.wsjwt.ops.Readings;
import dev.wsjwt.ops.SecurityEventLog;
import dev.wsjwt.token.KeyStatus;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the observer adds to one request/reply and to one handshake, as the standalone server
 * wires it (OpenTelemetry SDK without exemplars, plus the security event log), against no
 * metrics (the security event log alone). The second way of measuring the cost of metrics, beside
 * bench/run.sh's on/off rounds: divided by the server CPU per operation that run reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ObserverBench {

    private Observer withMetrics;
    private Observer without;
    private SdkMeterProvider meters;

    @Setup
    public void setUp() {
        meters = SdkMeterProvider.builder().setExemplarFilter(ExemplarFilter.alwaysOff())
                .registerMetricReader(new IdleReader()).build();
        Readings readings = new Readings() {
            @Override
            public int openSessions() {
                return 0;
            }

            @Override
            public KeyStatus keys() {
                return null;
            }

            @Override
            public boolean clustered() {
                return false;
            }

            @Override
            public boolean clusterUp() {
                return true;
            }
        };
        // An interval no line falls outside of: the bench measures the hooks, not logging.
        SecurityEventLog log = new SecurityEventLog(Duration.ofDays(1));
        withMetrics = Observer.all(List.of(new OpenTelemetryObserver(meters.get(OpenTelemetryObserver.SCOPE), readings), log));
        without = Observer.all(List.of(log));
    }

    @TearDown
    public void tearDown() {
        meters.close();
    }

    /** One dispatched request/reply: the handler's clock reads and the message outcome. */
    @Benchmark
    public long requestReplyWithMetrics() {
        long started = System.nanoTime();
        withMetrics.message("whoami", MessageOutcome.OK, System.nanoTime() - started);
        return started;
    }

    @Benchmark
    public long requestReplyWithoutMetrics() {
        long started = System.nanoTime();
        without.message("whoami", MessageOutcome.OK, System.nanoTime() - started);
        return started;
    }

    /** One handshake cycle of bench/run.sh: accepted, a whoami, closed with 1000. */
    @Benchmark
    public void handshakeWithMetrics() {
        withMetrics.upgradeAccepted("header");
        withMetrics.message("whoami", MessageOutcome.OK, 1000);
        withMetrics.sessionClosed(new Observer.SessionEnd(1000, "", Optional.empty()));
    }

    @Benchmark
    public void handshakeWithoutMetrics() {
        without.upgradeAccepted("header");
        without.message("whoami", MessageOutcome.OK, 1000);
        without.sessionClosed(new Observer.SessionEnd(1000, "", Optional.empty()));
    }

    /** Registers, never collects: the standalone server collects only when scraped. */
    private static final class IdleReader implements MetricReader {
        @Override
        public void register(CollectionRegistration registration) {
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
