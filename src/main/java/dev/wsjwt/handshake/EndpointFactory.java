package dev.wsjwt.handshake;

/**
 * Creates a user's annotated endpoint instance for one connection, where wsjwt must see the
 * connection open and close (in a container: a CDI-made instance with wsjwt's interceptor).
 */
public interface EndpointFactory {
    <T> T create(Class<T> endpointClass) throws InstantiationException;
}
