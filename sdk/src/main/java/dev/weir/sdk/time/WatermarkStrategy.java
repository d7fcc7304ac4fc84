package dev.weir.sdk.time;

import java.time.Duration;
import java.util.Objects;

/**
 * How a stream's records get event timestamps and how its watermark follows them; applied
 * with {@link dev.weir.sdk.PStream#assignTimestampsAndWatermarks}.
 *
 * <pre>{@code
 * WatermarkStrategy<Reading> strategy = WatermarkStrategy
 *     .<Reading>forBoundedOutOfOrderness(Duration.ofSeconds(5))
 *     .withTimestampAssigner((r, ts) -> r.epochMillis())
 *     .withIdleness(Duration.ofSeconds(30));
 * PStream<Reading> stamped = readings.assignTimestampsAndWatermarks("stamped", strategy);
 * }</pre>
 *
 * <p>Each subtask of the step tracks the largest timestamp it has seen and, whenever that
 * moves the watermark, emits {@code Watermark(maxTimestamp - bound - 1)}: records at most
 * {@code bound} older than the newest one are on time. The watermark is part of the step's
 * checkpoint, so a restored job continues from it instead of from the beginning of time.
 *
 * <p>Idleness: a subtask that got no record for the idle timeout (on the runner's clock)
 * marks its output channels idle; downstream tasks then take the minimum watermark over
 * their other inputs only, until a record arrives on the idle channel again.
 *
 * <p>Instances are immutable; {@code with*} returns a copy.
 *
 * @param <T> the record type
 */
public final class WatermarkStrategy<T> {
  private final Duration bound;
  private final TimestampAssigner<? super T> assigner;
  private final Duration idleness;

  private WatermarkStrategy(Duration bound, TimestampAssigner<? super T> assigner, Duration idleness) {
    this.bound = bound;
    this.assigner = assigner;
    this.idleness = idleness;
  }

  /**
   * Records may arrive up to {@code bound} later than the newest one seen; the record
   * timestamps given by the source are used until {@link #withTimestampAssigner} is set.
   */
  public static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration bound) {
    Objects.requireNonNull(bound, "bound");
    if (bound.isNegative()) {
      throw new IllegalArgumentException("the out-of-orderness bound must be >= 0, got " + bound);
    }
    return new WatermarkStrategy<>(bound, null, null);
  }

  /** Timestamps in ascending order: the same as a bound of zero. */
  public static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
    return forBoundedOutOfOrderness(Duration.ZERO);
  }

  /** A copy that takes each record's timestamp from {@code assigner}. */
  public WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<? super T> assigner) {
    return new WatermarkStrategy<>(bound, Objects.requireNonNull(assigner, "assigner"), idleness);
  }

  /** A copy that marks a subtask idle after {@code timeout} without records. */
  public WatermarkStrategy<T> withIdleness(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the idle timeout must be > 0, got " + timeout);
    }
    return new WatermarkStrategy<>(bound, assigner, timeout);
  }

  /** The out-of-orderness bound. */
  public Duration bound() {
    return bound;
  }

  /** The timestamp assigner, or {@code null} to keep the source's timestamps. */
  public TimestampAssigner<? super T> timestampAssigner() {
    return assigner;
  }

  /** The idle timeout, or {@code null} when the stream never goes idle. */
  public Duration idleness() {
    return idleness;
  }

  @Override
  public String toString() {
    return "WatermarkStrategy(bound=" + bound + (idleness == null ? "" : ", idleness=" + idleness) + ")";
  }
}
