package dev.wsjwt.ops;

import dev.wsjwt.token.KeyStatus;

/** What operations read from a running wsjwt when asked: gauges and health. Cheap, thread-safe. */
public interface Readings {

    /** Sessions open on this node (wsjwt's endpoints and the annotated ones it tracks). */
    int openSessions();

    KeyStatus keys();

    /** Whether nodes are joined through Redis. */
    boolean clustered();

    /** Whether the cluster's Redis answers (true when not clustered). */
    boolean clusterUp();
}
