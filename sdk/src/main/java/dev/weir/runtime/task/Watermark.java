package dev.weir.runtime.task;

/**
 * Event time has reached {@code timestamp} on this channel: no later record will have a
 * smaller timestamp (except late ones).
 *
 * <p>{@link #IDLE} is not a time but a marker: the channel's sender is idle, so a task
 * leaves the channel out of the minimum over its inputs until a watermark arrives on it
 * again (see {@code WatermarkStrategy.withIdleness}).
 */
public record Watermark(long timestamp) implements ChannelEvent {
  /** The timestamp of the idle marker. */
  public static final long IDLE = Long.MAX_VALUE - 1;

  /** Whether this is the idle marker rather than a time. */
  public boolean isIdle() {
    return timestamp == IDLE;
  }
}
