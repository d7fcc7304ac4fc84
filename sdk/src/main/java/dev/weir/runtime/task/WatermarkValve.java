package dev.weir.runtime.task;

import java.util.Arrays;

/**
 * Combines the watermarks of a task's input channels into the task's watermark: the minimum
 * over the channels that are neither ended nor idle. A decision, no I/O.
 *
 * <p>Invariants: a channel's watermark never goes back (a smaller one is ignored); the combined
 * watermark only grows, and is reported only when it grows; an idle channel
 * ({@link Watermark#IDLE}) does not hold the others back until it sends a watermark again; when
 * every live channel is idle, or the last channel ends, nothing is reported (the end of input
 * is the task's own event). Not thread-safe: one task thread drives it.
 */
public final class WatermarkValve {

  /** Returned when the combined watermark did not advance. */
  public static final long NO_ADVANCE = Long.MIN_VALUE;

  private final long[] watermarks;
  private final boolean[] ended;
  private final boolean[] idle;
  private long combined = Long.MIN_VALUE;
  private int live;

  /** @param channels the number of input channels, at least 1 */
  public WatermarkValve(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("a task needs at least one input channel, was "
          + channels);
    }
    watermarks = new long[channels];
    Arrays.fill(watermarks, Long.MIN_VALUE);
    ended = new boolean[channels];
    idle = new boolean[channels];
    live = channels;
  }

  /**
   * Watermark {@code timestamp} (or {@link Watermark#IDLE}) arrived on {@code channel}.
   *
   * @return the new combined watermark, or {@link #NO_ADVANCE}
   */
  public long onWatermark(int channel, long timestamp) {
    boolean isIdle = timestamp == Watermark.IDLE;
    idle[channel] = isIdle;
    if (!isIdle) {
      watermarks[channel] = Math.max(watermarks[channel], timestamp);
    }
    return advance();
  }

  /**
   * {@code channel} ended (a second end of the same channel is ignored).
   *
   * @return the new combined watermark, or {@link #NO_ADVANCE}, also when no channel is left
   */
  public long onEndOfInput(int channel) {
    if (ended[channel]) {
      return NO_ADVANCE;
    }
    ended[channel] = true;
    live--;
    return live > 0 ? advance() : NO_ADVANCE;
  }

  /** Whether {@code channel} has ended. */
  public boolean ended(int channel) {
    return ended[channel];
  }

  /** Channels that have not ended. */
  public int liveChannels() {
    return live;
  }

  /** The combined watermark reported last, {@code Long.MIN_VALUE} before the first. */
  public long current() {
    return combined;
  }

  private long advance() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < watermarks.length; i++) {
      if (!ended[i] && !idle[i]) {
        min = Math.min(min, watermarks[i]);
      }
    }
    if (min > combined && min != Long.MAX_VALUE) {
      combined = min;
      return min;
    }
    return NO_ADVANCE;
  }
}
