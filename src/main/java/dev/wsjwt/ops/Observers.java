package dev.wsjwt.ops;

import java.util.List;

/** Fans each event out to several observers, in order. */
final class Observers implements Observer {

    private final Observer[] observers;

    Observers(List<Observer> observers) {
        this.observers = observers.toArray(Observer[]::new);
    }

    @Override
    public void upgradeAccepted(String transport) {
        for (Observer o : observers) {
            o.upgradeAccepted(transport);
        }
    }

    @Override
    public void upgradeAwaitingAuth() {
        for (Observer o : observers) {
            o.upgradeAwaitingAuth();
        }
    }

    @Override
    public void upgradeRefused(Refusal refusal) {
        for (Observer o : observers) {
            o.upgradeRefused(refusal);
        }
    }

    @Override
    public void sessionClosed(SessionEnd end) {
        for (Observer o : observers) {
            o.sessionClosed(end);
        }
    }

    @Override
    public void message(String type, MessageOutcome outcome, long handlerNanos) {
        for (Observer o : observers) {
            o.message(type, outcome, handlerNanos);
        }
    }

    @Override
    public void expiryWarning() {
        for (Observer o : observers) {
            o.expiryWarning();
        }
    }

    @Override
    public void renewal() {
        for (Observer o : observers) {
            o.renewal();
        }
    }

    @Override
    public void revocation(String subject, int sessionsClosed, boolean local) {
        for (Observer o : observers) {
            o.revocation(subject, sessionsClosed, local);
        }
    }

    @Override
    public void kick(String subject, int code, int sessionsClosed, boolean local) {
        for (Observer o : observers) {
            o.kick(subject, code, sessionsClosed, local);
        }
    }

    @Override
    public void logout(int sessionsClosed, boolean local) {
        for (Observer o : observers) {
            o.logout(sessionsClosed, local);
        }
    }

    @Override
    public void jwksFetch(boolean ok) {
        for (Observer o : observers) {
            o.jwksFetch(ok);
        }
    }

    @Override
    public void clusterEvent(ClusterOutcome outcome) {
        for (Observer o : observers) {
            o.clusterEvent(outcome);
        }
    }
}
