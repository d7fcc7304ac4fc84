package dev.weir.runtime.task;

/**
 * Event time has reached {@code timestamp} on this channel: no later record will have a
 * smaller timestamp (except late ones).
 */
public record Watermark(long timestamp) implements ChannelEvent {
}
