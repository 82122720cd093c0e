package dev.wsjwt.ops;

/**
 * Builds the metrics observer once wsjwt's parts exist (its gauges read them). Handed to
 * {@code Wsjwt.create} by the runtime: the standalone server's OpenTelemetry SDK, the container's
 * OpenTelemetry (MicroProfile Telemetry), or none.
 */
@FunctionalInterface
public interface Instrumentation {

    Instrumentation NONE = readings -> Observer.NONE;

    Observer observer(Readings readings);
}
