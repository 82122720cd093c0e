package dev.wsjwt.session;

/** Writes a server push frame, {@code {"type","payload"}}; the dispatcher's replies do it. */
@FunctionalInterface
public interface PushFrames {
    String push(String type, Object payload);
}
