package dev.wsjwt.cluster;

/** A cluster-wide write could not be made durable; the caller must not report success. */
public final class ClusterUnavailableException extends Exception {

    public ClusterUnavailableException(String message) {
        super(message, null, false, false);
    }
}
