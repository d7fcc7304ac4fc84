package dev.weir.sdk.time;

import java.time.Duration;
import java.util.Objects;

/**
 * Which windows a keyed record belongs to, and how long a window accepts late records; used
 * with {@link dev.weir.sdk.KeyedPStream#window}.
 *
 * <pre>{@code
 * WindowSpec.tumbling(Duration.ofMinutes(1));                        // [0,60s) [60s,120s) ...
 * WindowSpec.sliding(Duration.ofMinutes(5), Duration.ofMinutes(1));  // 5 min long, one per minute
 * WindowSpec.session(Duration.ofMinutes(30));                        // closes after a 30 min gap
 * WindowSpec.global();                                               // fires at the end of input
 * WindowSpec.tumbling(Duration.ofMinutes(1)).withAllowedLateness(Duration.ofMinutes(10));
 * WindowSpec.tumbling(Duration.ofHours(1)).withEarlyFirings(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>Windows are half-open {@code [start, end)} in event time (epoch millis) and aligned to
 * the epoch. A window fires once when the watermark reaches {@code end - 1}; a late record
 * that arrives while the watermark is below {@code end - 1 + allowedLateness} updates it and
 * fires it again; a record later than that goes to the step's late side output. With early
 * firings, a window that got records fires its partial result ({@code EARLY}) at most once
 * per interval of processing time (the runner's clock) until it fires on time.
 */
public final class WindowSpec {

  /** The kind of window. */
  public enum Kind {
    TUMBLING, SLIDING, SESSION, GLOBAL
  }

  private final Kind kind;
  private final long size;
  private final long slide;
  private final long allowedLateness;
  private final long earlyInterval;

  private WindowSpec(Kind kind, long size, long slide, long allowedLateness) {
    this(kind, size, slide, allowedLateness, 0);
  }

  private WindowSpec(Kind kind, long size, long slide, long allowedLateness, long earlyInterval) {
    this.kind = kind;
    this.size = size;
    this.slide = slide;
    this.allowedLateness = allowedLateness;
    this.earlyInterval = earlyInterval;
  }

  /** Fixed-size windows that do not overlap. */
  public static WindowSpec tumbling(Duration size) {
    long s = positive(size, "tumbling window size");
    return new WindowSpec(Kind.TUMBLING, s, s, 0);
  }

  /** Windows of {@code size}, one starting every {@code slide}; a record is in size/slide of them. */
  public static WindowSpec sliding(Duration size, Duration slide) {
    long s = positive(size, "sliding window size");
    long d = positive(slide, "sliding window slide");
    if (d > s) {
      throw new IllegalArgumentException("a sliding window's slide (" + slide + ") must not exceed "
          + "its size (" + size + "); use tumbling(size) for non-overlapping windows");
    }
    return new WindowSpec(Kind.SLIDING, s, d, 0);
  }

  /**
   * Per-key sessions: records at most {@code gap} apart in event time are merged into one
   * window (a record exactly {@code gap} after the previous one still joins its session; a
   * larger gap starts a new one). A session's window is {@code [first record, last record + gap)}.
   */
  public static WindowSpec session(Duration gap) {
    return new WindowSpec(Kind.SESSION, positive(gap, "session gap"), 0, 0);
  }

  /** One window over all time per key; it fires when the input ends. */
  public static WindowSpec global() {
    return new WindowSpec(Kind.GLOBAL, 0, 0, 0);
  }

  /** A copy that accepts records up to {@code lateness} behind the watermark. */
  public WindowSpec withAllowedLateness(Duration lateness) {
    Objects.requireNonNull(lateness, "lateness");
    if (lateness.isNegative()) {
      throw new IllegalArgumentException("the allowed lateness must be >= 0, got " + lateness);
    }
    return new WindowSpec(kind, size, slide, lateness.toMillis(), earlyInterval);
  }

  /**
   * A copy that also fires windows early, with their partial result, every {@code interval}
   * of processing time while they have new records (Beam's early trigger).
   */
  public WindowSpec withEarlyFirings(Duration interval) {
    return new WindowSpec(kind, size, slide, allowedLateness, positive(interval, "early firing interval"));
  }

  /** The early firing interval in millis, 0 when windows fire only on time and late. */
  public long earlyFiringMillis() {
    return earlyInterval;
  }

  public Kind kind() {
    return kind;
  }

  /** The window size in millis (the gap for sessions, 0 for the global window). */
  public long sizeMillis() {
    return size;
  }

  /** The slide in millis (equal to the size for tumbling windows). */
  public long slideMillis() {
    return slide;
  }

  public long allowedLatenessMillis() {
    return allowedLateness;
  }

  private static long positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
      throw new IllegalArgumentException("the " + what + " must be at least 1 ms, got " + d);
    }
    return d.toMillis();
  }

  @Override
  public String toString() {
    String s = switch (kind) {
      case TUMBLING -> "tumbling(" + size + " ms)";
      case SLIDING -> "sliding(" + size + " ms every " + slide + " ms)";
      case SESSION -> "session(gap " + size + " ms)";
      case GLOBAL -> "global";
    };
    s = allowedLateness == 0 ? s : s + " lateness " + allowedLateness + " ms";
    return earlyInterval == 0 ? s : s + " early every " + earlyInterval + " ms";
  }
}
