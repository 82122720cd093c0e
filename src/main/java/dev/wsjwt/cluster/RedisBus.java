package dev.wsjwt.cluster;

import dev.wsjwt.ops.Observer;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Nodes joined through Redis: pub/sub on one channel for fan-out, and one key per revoked
 * subject ({@code <channel>:revoked:<sub>} = epoch second, expiring after the longest token
 * lifetime accepted) so that a node starting later still refuses old tokens. While Redis is away,
 * local delivery goes on, publishing is skipped with one log line per outage, revocations are
 * refused, and the subscriber reconnects with backoff, reloading every stored revocation.
 */
public final class RedisBus implements ClusterBus {

    private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String node = UUID.randomUUID().toString();
    private final String channel;
    private final String revokedPrefix;
    private final String loggedOutPrefix;
    private final String storePrefix;
    private final Duration revocationTtl;
    private final URI uri;
    private final JedisClientConfig commandConfig;
    private final JedisPooled commands;
    private final ClusterCodec codec = new ClusterCodec();
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final Subscriber subscriber = new Subscriber();
    private final Thread subscriberThread;
    /**
     * Publishing is fire-and-forget, so a caller (a chat send on a selector thread, say) never
     * waits for Redis: one thread sends the events in order from a bounded queue. A full queue
     * (Redis slow or gone) drops the event, as a refused publish is dropped.
     */
    private final ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_PUBLISHES), runnable -> {
                Thread thread = new Thread(runnable, "wsjwt-redis-publisher");
                thread.setDaemon(true);
                return thread;
            });
    private static final int MAX_QUEUED_PUBLISHES = 10_000;

    private final Observer observer;

    public RedisBus(URI uri, String channel, Duration revocationTtl) {
        this(uri, channel, revocationTtl, Observer.NONE);
    }

    /** @param observer told of every event published, received from another node, or dropped */
    public RedisBus(URI uri, String channel, Duration revocationTtl, Observer observer) {
        this.observer = observer;
        this.uri = uri;
        this.channel = channel;
        this.revokedPrefix = channel + ":revoked:";
        this.loggedOutPrefix = channel + ":logged-out:";
        this.storePrefix = channel + ":store:";
        this.revocationTtl = revocationTtl;
        this.commandConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000).socketTimeoutMillis(2000)
                .ssl("rediss".equals(uri.getScheme()))
                .build();
        this.commands = new JedisPooled(hostAndPort(uri), commandConfig);
        this.subscriberThread = new Thread(this::subscribeLoop, "wsjwt-redis-subscriber");
        subscriberThread.setDaemon(true);
    }

    /** Starts listening; events reach listeners subscribed before this call from the start. */
    public RedisBus start() {
        subscriberThread.start();
        return this;
    }

    /** False from a failed command or a lost subscription until Redis answers again. */
    @Override
    public boolean up() {
        return available.get() && !closed.get();
    }

    @Override
    public void subscribe(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void publish(ClusterEvent event) {
        String message = codec.encode(node, event);
        try {
            publisher.execute(() -> send(message));
        } catch (RejectedExecutionException e) {
            if (!closed.get()) {
                observer.clusterEvent(Observer.ClusterOutcome.DROPPED);
                unavailable("publish queue full, local delivery only", e);
            }
        }
    }

    private void send(String message) {
        try {
            commands.publish(channel, message);
            observer.clusterEvent(Observer.ClusterOutcome.PUBLISHED);
            recovered();
        } catch (RuntimeException e) {
            observer.clusterEvent(Observer.ClusterOutcome.DROPPED);
            unavailable("publish skipped, local delivery only", e);
        }
    }

    @Override
    public void revoke(ClusterEvent.Revocation revocation) throws ClusterUnavailableException {
        try {
            storeLatest(revokedPrefix + revocation.subject(), revocation.notAfter().getEpochSecond());
            commands.publish(channel, codec.encode(node, revocation));
            observer.clusterEvent(Observer.ClusterOutcome.PUBLISHED);
            recovered();
        } catch (RuntimeException e) {
            observer.clusterEvent(Observer.ClusterOutcome.DROPPED);
            unavailable("revocation not stored", e);
            throw new ClusterUnavailableException("revocation could not be stored cluster-wide (Redis unavailable)");
        }
    }

    @Override
    public void logout(ClusterEvent.Logout logout) throws ClusterUnavailableException {
        try {
            if (logout.sid().isPresent()) {
                commands.set(loggedOutPrefix + logout.sid().get(), Long.toString(logout.at().getEpochSecond()),
                        SetParams.setParams().ex(revocationTtl.toSeconds()));
            } else {
                storeLatest(revokedPrefix + logout.subject().orElseThrow(), logout.at().getEpochSecond());
            }
            commands.publish(channel, codec.encode(node, logout));
            observer.clusterEvent(Observer.ClusterOutcome.PUBLISHED);
            recovered();
        } catch (RuntimeException e) {
            observer.clusterEvent(Observer.ClusterOutcome.DROPPED);
            unavailable("logout not stored", e);
            throw new ClusterUnavailableException("logout could not be stored cluster-wide (Redis unavailable)");
        }
    }

    /** A subject's revocation instant: only ever moved later, kept for the revocation TTL. */
    private void storeLatest(String key, long epochSecond) {
        String previous = commands.get(key);
        if (previous == null || parse(previous) < epochSecond) {
            commands.set(key, Long.toString(epochSecond), SetParams.setParams().ex(revocationTtl.toSeconds()));
        }
    }

    @Override
    public SharedStore store() {
        return store;
    }

    private final SharedStore store = new SharedStore() {
        @Override
        public Put putIfAbsent(String key, String value, Duration ttl) throws ClusterUnavailableException {
            try {
                String reply = commands.set(storePrefix + key, value, SetParams.setParams().nx().ex(Math.max(1, ttl.toSeconds())));
                recovered();
                return "OK".equals(reply) ? Put.STORED : Put.PRESENT;
            } catch (RuntimeException e) {
                unavailable("shared store", e);
                throw new ClusterUnavailableException("Redis unavailable");
            }
        }

        @Override
        public java.util.Optional<String> replace(String key, String value) throws ClusterUnavailableException {
            try {
                String previous = commands.setGet(storePrefix + key, value, SetParams.setParams().xx().keepTtl());
                recovered();
                return java.util.Optional.ofNullable(previous);
            } catch (RuntimeException e) {
                unavailable("shared store", e);
                throw new ClusterUnavailableException("Redis unavailable");
            }
        }
    };

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            publisher.shutdown();
            try {
                // What is queued goes out first, briefly: a node going down still tells the others.
                publisher.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            publisher.shutdownNow();
            try {
                if (subscriber.isSubscribed()) {
                    subscriber.unsubscribe();
                }
            } catch (RuntimeException e) {
                // connection already gone
            }
            subscriberThread.interrupt();
            commands.close();
        }
    }

    private void subscribeLoop() {
        long backoff = 100;
        while (!closed.get()) {
            try (Jedis jedis = new Jedis(hostAndPort(uri), DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(2000).socketTimeoutMillis(0)
                    .ssl("rediss".equals(uri.getScheme())).build())) {
                jedis.subscribe(subscriber, channel);
                backoff = 100;
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                unavailable("subscriber reconnecting", e);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
        }
    }

    /**
     * Every stored revocation and logged-out session id, so a node that starts (or reconnects)
     * late still refuses old tokens.
     */
    private void loadRevocations() {
        int loaded = loadStored(revokedPrefix, (subject, at) -> new ClusterEvent.Revocation(subject, at))
                + loadStored(loggedOutPrefix, (sid, at) -> new ClusterEvent.Logout(Optional.of(sid), Optional.empty(), at));
        LOG.log(Level.INFO, "Redis cluster channel ''{0}'' subscribed; {1} stored revocation(s) loaded", channel, String.valueOf(loaded));
    }

    /** Delivers, for every key under {@code prefix}, the event built from its suffix and stored instant. */
    private int loadStored(String prefix, BiFunction<String, Instant, ClusterEvent> event) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        int loaded = 0;
        do {
            ScanResult<String> page = commands.scan(cursor, match);
            for (String key : page.getResult()) {
                String value = commands.get(key);
                if (value != null) {
                    deliver(event.apply(key.substring(prefix.length()), Instant.ofEpochSecond(parse(value))));
                    loaded++;
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return loaded;
    }

    private void deliver(ClusterEvent event) {
        for (Consumer<ClusterEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cluster event listener failed", e);
            }
        }
    }

    private void unavailable(String what, RuntimeException e) {
        if (available.compareAndSet(true, false)) {
            LOG.log(Level.WARNING, "Redis {0} unavailable ({1}): {2}; retrying", uri.getHost() + ":" + uri.getPort(),
                    e.getClass().getSimpleName(), what);
        }
    }

    private void recovered() {
        if (available.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "Redis {0} available again", uri.getHost() + ":" + uri.getPort());
        }
    }

    private static long parse(String epochSeconds) {
        try {
            return Long.parseLong(epochSeconds.trim());
        } catch (NumberFormatException e) {
            return Instant.MAX.getEpochSecond(); // unreadable: treat as revoked for good, never as not revoked
        }
    }

    private static HostAndPort hostAndPort(URI uri) {
        return new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    private final class Subscriber extends JedisPubSub {
        private long garbageLogged = System.nanoTime() - 2_000_000_000L;

        @Override
        public void onSubscribe(String subscribedChannel, int count) {
            try {
                loadRevocations();
                recovered();
            } catch (RuntimeException e) {
                // After an outage the command pool may still hold connections to the old server,
                // and nothing else would try again while this subscription lives: drop it, so the
                // subscriber reconnects (with backoff) and reloads on fresh connections.
                unavailable("revocations not reloaded", e);
                unsubscribe();
            }
        }

        @Override
        public void onMessage(String from, String message) {
            codec.decode(message, this::garbage).ifPresent(envelope -> {
                if (!node.equals(envelope.node())) {
                    observer.clusterEvent(Observer.ClusterOutcome.RECEIVED);
                    deliver(envelope.event());
                }
            });
        }

        private void garbage(String problem) {
            observer.clusterEvent(Observer.ClusterOutcome.DROPPED);
            // At most one line a second, however much garbage arrives.
            long now = System.nanoTime();
            if (now - garbageLogged > 1_000_000_000L) {
                garbageLogged = now;
                LOG.log(Level.WARNING, "dropped a message on Redis channel ''{0}'': {1}", channel, problem);
            }
        }
    }
}
