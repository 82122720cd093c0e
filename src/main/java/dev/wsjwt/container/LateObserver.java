package dev.wsjwt.container;

import dev.wsjwt.ops.MessageOutcome;
import dev.wsjwt.ops.Observer;

/**
 * An observer whose target is chosen after wsjwt is built: in a container the runtime's
 * OpenTelemetry is a CDI bean, looked up once CDI is surely up ({@link ContainerInstrumentation}).
 * Events before {@link #attach} are dropped: nothing is published yet then, but the first key
 * set fetch, started as wsjwt is built, may be reported before and so not counted.
 */
final class LateObserver implements Observer, AutoCloseable {

    private volatile Observer target = NONE;

    void attach(Observer observer) {
        target = observer;
    }

    // visible for testing
    Observer target() {
        return target;
    }

    @Override
    public void upgradeAccepted(String transport) {
        target.upgradeAccepted(transport);
    }

    @Override
    public void upgradeAwaitingAuth() {
        target.upgradeAwaitingAuth();
    }

    @Override
    public void upgradeRefused(Refusal refusal) {
        target.upgradeRefused(refusal);
    }

    @Override
    public void sessionClosed(SessionEnd end) {
        target.sessionClosed(end);
    }

    @Override
    public void message(String type, MessageOutcome outcome, long handlerNanos) {
        target.message(type, outcome, handlerNanos);
    }

    @Override
    public void expiryWarning() {
        target.expiryWarning();
    }

    @Override
    public void renewal() {
        target.renewal();
    }

    @Override
    public void revocation(String subject, int sessionsClosed, boolean local) {
        target.revocation(subject, sessionsClosed, local);
    }

    @Override
    public void kick(String subject, int code, int sessionsClosed, boolean local) {
        target.kick(subject, code, sessionsClosed, local);
    }

    @Override
    public void logout(int sessionsClosed, boolean local) {
        target.logout(sessionsClosed, local);
    }

    @Override
    public void jwksFetch(boolean ok) {
        target.jwksFetch(ok);
    }

    @Override
    public void clusterEvent(ClusterOutcome outcome) {
        target.clusterEvent(outcome);
    }

    /** Closes the target (its gauges' callbacks) and detaches it. */
    @Override
    public void close() throws Exception {
        Observer closing = target;
        target = NONE;
        if (closing instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
