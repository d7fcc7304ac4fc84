package dev.weir.sdk.time;

/**
 * The result of one firing of a window of one key.
 *
 * <pre>{@code
 * PStream<WindowResult<String, Long>> counts = byUser.window(WindowSpec.tumbling(Duration.ofMinutes(1)))
 *     .count("perMinute");
 * counts.filter("busy", r -> r.value() > 100);
 * }</pre>
 *
 * @param key the key
 * @param start the window's start (inclusive, epoch millis)
 * @param end the window's end (exclusive)
 * @param value the aggregated value
 * @param pane how many times this window fired before (0 for its first firing)
 * @param timing why it fired: {@code ON_TIME} when the watermark passed its end,
 *     {@code LATE} for a late record within the allowed lateness, {@code EARLY} for a
 *     partial result on the early-firing interval
 * @param <K> the key type
 * @param <R> the value type
 */
public record WindowResult<K, R>(K key, long start, long end, R value, int pane, Timing timing) {

  /** Why a window fired. */
  public enum Timing {
    /** A partial result before the watermark reached the end ({@code WindowSpec.withEarlyFirings}). */
    EARLY,
    /** The watermark passed the window's end. */
    ON_TIME,
    /** A late record (within the allowed lateness) updated a window that had fired already. */
    LATE
  }
}
