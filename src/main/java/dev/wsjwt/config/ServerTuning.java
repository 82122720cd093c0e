package dev.wsjwt.config;

import java.util.Locale;

/**
 * How the standalone server's Grizzly transport runs: which thread handles a read event, and how
 * many pool threads there are. The defaults are the measured ones (docs/performance.md).
 *
 * @param ioStrategy    {@code same-thread}: the selector thread that read a frame handles it,
 *                      with upgrades and handlers that may block moved to the pool;
 *                      {@code leader-follower}: the thread that selected an event handles it and
 *                      hands selecting to a pool thread first; {@code worker}: every event is
 *                      queued to a pool thread (Grizzly's own default, and Tyrus's)
 * @param workerThreads the pool threads: upgrades, HTTP requests and handlers that may block run
 *                      on them (with leader-follower, selecting too), so this bounds how many may
 *                      block at once before such work waits
 * @param selectorThreads the selector loops connections are spread over (Grizzly's default: the
 *                      cores plus one)
 */
public record ServerTuning(IoStrategy ioStrategy, int workerThreads, int selectorThreads) {

    /** Which thread handles a read event. */
    public enum IoStrategy {
        SAME_THREAD, LEADER_FOLLOWER, WORKER;

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The pool size when none is configured: Grizzly's own choice, twice the cores, and at least 8. */
    public static int defaultWorkerThreads() {
        return Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** Grizzly's own default: one selector per core, and one more for accepting. */
    public static int defaultSelectorThreads() {
        return Runtime.getRuntime().availableProcessors() + 1;
    }

    /** The measured defaults. */
    public static ServerTuning defaults() {
        return new ServerTuning(IoStrategy.SAME_THREAD, defaultWorkerThreads(), defaultSelectorThreads());
    }

    /** Reads {@code wsjwt.server.io-strategy}, {@code .worker-threads} and {@code .selector-threads}. */
    public static ServerTuning from(ConfigLookup lookup) {
        return read(new ValueReader(lookup));
    }

    static ServerTuning read(ValueReader in) {
        String raw = in.string(Keys.IO_STRATEGY, IoStrategy.SAME_THREAD.wireName());
        IoStrategy strategy = null;
        for (IoStrategy candidate : IoStrategy.values()) {
            if (candidate.wireName().equalsIgnoreCase(raw)) {
                strategy = candidate;
            }
        }
        if (strategy == null) {
            throw new ConfigurationException(Keys.IO_STRATEGY, "'" + raw + "' is not one of same-thread, leader-follower, worker");
        }
        int threads = (int) in.integer(Keys.WORKER_THREADS, defaultWorkerThreads(), 2, 1024);
        int selectors = (int) in.integer(Keys.SELECTOR_THREADS, defaultSelectorThreads(), 1, 256);
        return new ServerTuning(strategy, threads, selectors);
    }
}
