package dev.weir.sdk.checkpoint;

import dev.weir.sdk.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The checkpoint settings of one job: when to trigger, how long to wait, how many failures to
 * tolerate and how many checkpoints to keep.
 *
 * <p>Immutable and always valid: the constructor rejects bad values with a {@link ConfigException}
 * that names the key, the value and the valid range. Automatic triggers (interval, records, state
 * bytes) combine: whichever is due first triggers, and all of them are reset by every trigger.
 * Start from {@link #disabled()} or {@link #everyMillis(long)} and adjust with the {@code with*}
 * methods.
 *
 * @param intervalMs time between periodic triggers, from one trigger to the next; 0 = no
 *     periodic trigger
 * @param everyRecords trigger after this many records were read by the sources since the last
 *     trigger; 0 = off
 * @param everyStateBytes trigger after this many bytes of state change were reported since the
 *     last trigger; 0 = off
 * @param timeoutMs a checkpoint not acknowledged by every task within this time is aborted
 * @param minPauseMs minimum time from the completion of one checkpoint to the automatic trigger
 *     of the next; a value above 0 also keeps automatic triggers from overlapping
 * @param maxConcurrent maximum number of checkpoints in flight
 * @param tolerableFailures consecutive failed checkpoints tolerated; one more fails the job
 * @param retained number of complete checkpoints kept (savepoints are not counted)
 * @param maxDeltaChain incremental snapshots on top of one full snapshot before the next full
 *     one; 0 = every snapshot is full
 */
public record CheckpointConfig(
    long intervalMs,
    long everyRecords,
    long everyStateBytes,
    long timeoutMs,
    long minPauseMs,
    int maxConcurrent,
    int tolerableFailures,
    int retained,
    int maxDeltaChain) {

  public static final String INTERVAL_MS_CONFIG = "checkpoint.interval.ms";
  public static final String INTERVAL_MS_DOC =
      "Milliseconds from one periodic checkpoint trigger to the next. 0 disables periodic"
          + " checkpoints. Default 0.";
  public static final String EVERY_RECORDS_CONFIG = "checkpoint.every.records";
  public static final String EVERY_RECORDS_DOC =
      "Trigger a checkpoint after this many records were read by all sources together since the"
          + " last trigger. 0 disables it. Default 0.";
  public static final String EVERY_STATE_BYTES_CONFIG = "checkpoint.every.state.bytes";
  public static final String EVERY_STATE_BYTES_DOC =
      "Trigger a checkpoint after this many bytes of state changed since the last trigger."
          + " 0 disables it. Default 0.";
  public static final String TIMEOUT_MS_CONFIG = "checkpoint.timeout.ms";
  public static final String TIMEOUT_MS_DOC =
      "Milliseconds a checkpoint may take from trigger to the last acknowledgement before it is"
          + " aborted. Default 60000.";
  public static final String MIN_PAUSE_MS_CONFIG = "checkpoint.min.pause.ms";
  public static final String MIN_PAUSE_MS_DOC =
      "Minimum milliseconds from the completion of a checkpoint to the next automatic trigger."
          + " Above 0 it also keeps automatic checkpoints from overlapping. Default 0.";
  public static final String MAX_CONCURRENT_CONFIG = "checkpoint.max.concurrent";
  public static final String MAX_CONCURRENT_DOC =
      "Maximum number of checkpoints in flight at once. Default 1.";
  public static final String TOLERABLE_FAILURES_CONFIG = "checkpoint.tolerable.failures";
  public static final String TOLERABLE_FAILURES_DOC =
      "Consecutive failed checkpoints (timeout, task or store failure) tolerated before the job"
          + " fails and restarts from the latest complete checkpoint. A success resets the count."
          + " Default 3.";
  public static final String RETAINED_CONFIG = "checkpoint.retained";
  public static final String RETAINED_DOC =
      "Number of complete checkpoints kept; older ones are deleted unless a kept checkpoint still"
          + " references their data. Savepoints are never deleted automatically. Default 3.";
  public static final String MAX_DELTA_CHAIN_CONFIG = "checkpoint.max.delta.chain";
  public static final String MAX_DELTA_CHAIN_DOC =
      "Incremental snapshots taken on top of one full snapshot before the next full snapshot."
          + " 0 makes every snapshot full. Default 5.";

  /** Default of {@link #timeoutMs()}. */
  public static final long DEFAULT_TIMEOUT_MS = 60_000L;
  /**
   * Default of {@link #tolerableFailures()}: 3. A transient timeout or store hiccup does not
   * restart the job, but a checkpoint that keeps failing (which also holds back exactly-once
   * output, committed only on completion) fails the job after four attempts in a row.
   */
  public static final int DEFAULT_TOLERABLE_FAILURES = 3;
  /** Default of {@link #retained()}. */
  public static final int DEFAULT_RETAINED = 3;
  /** Default of {@link #maxDeltaChain()}. */
  public static final int DEFAULT_MAX_DELTA_CHAIN = 5;

  /** Validates every field; throws {@link ConfigException} naming the first bad key. */
  public CheckpointConfig {
    atLeast(INTERVAL_MS_CONFIG, intervalMs, 0, "0 disables periodic checkpoints");
    atLeast(EVERY_RECORDS_CONFIG, everyRecords, 0, "0 disables the record-count trigger");
    atLeast(EVERY_STATE_BYTES_CONFIG, everyStateBytes, 0, "0 disables the state-size trigger");
    atLeast(TIMEOUT_MS_CONFIG, timeoutMs, 1, "the default is " + DEFAULT_TIMEOUT_MS);
    atLeast(MIN_PAUSE_MS_CONFIG, minPauseMs, 0, "0 means no pause");
    atLeast(MAX_CONCURRENT_CONFIG, maxConcurrent, 1, "the default is 1");
    atLeast(TOLERABLE_FAILURES_CONFIG, tolerableFailures, 0, "0 fails the job on the first"
        + " failed checkpoint");
    atLeast(RETAINED_CONFIG, retained, 1, "at least the latest checkpoint must be kept");
    atLeast(MAX_DELTA_CHAIN_CONFIG, maxDeltaChain, 0, "0 makes every snapshot full");
  }

  /** No automatic trigger (checkpoints only on demand); every other setting at its default. */
  public static CheckpointConfig disabled() {
    return new CheckpointConfig(0, 0, 0, DEFAULT_TIMEOUT_MS, 0, 1, DEFAULT_TOLERABLE_FAILURES,
        DEFAULT_RETAINED, DEFAULT_MAX_DELTA_CHAIN);
  }

  /** A periodic checkpoint every {@code intervalMs}; every other setting at its default. */
  public static CheckpointConfig everyMillis(long intervalMs) {
    return disabled().withIntervalMs(intervalMs);
  }

  /**
   * Reads settings from {@code checkpoint.*} keys; keys not given keep their defaults and keys
   * outside {@code checkpoint.} are ignored.
   *
   * @throws ConfigException for an unknown {@code checkpoint.*} key, a non-number or a bad value
   */
  public static CheckpointConfig fromMap(Map<String, String> settings) {
    Map<String, String> rest = new LinkedHashMap<>(Objects.requireNonNull(settings, "settings"));
    CheckpointConfig d = disabled();
    CheckpointConfig config = new CheckpointConfig(
        longOf(rest, INTERVAL_MS_CONFIG, d.intervalMs),
        longOf(rest, EVERY_RECORDS_CONFIG, d.everyRecords),
        longOf(rest, EVERY_STATE_BYTES_CONFIG, d.everyStateBytes),
        longOf(rest, TIMEOUT_MS_CONFIG, d.timeoutMs),
        longOf(rest, MIN_PAUSE_MS_CONFIG, d.minPauseMs),
        intOf(rest, MAX_CONCURRENT_CONFIG, d.maxConcurrent),
        intOf(rest, TOLERABLE_FAILURES_CONFIG, d.tolerableFailures),
        intOf(rest, RETAINED_CONFIG, d.retained),
        intOf(rest, MAX_DELTA_CHAIN_CONFIG, d.maxDeltaChain));
    for (String key : rest.keySet()) {
      if (key.startsWith("checkpoint.")) {
        throw new ConfigException(key, rest.get(key), "unknown setting " + key
            + "; known checkpoint settings are " + String.join(", ", INTERVAL_MS_CONFIG,
            EVERY_RECORDS_CONFIG, EVERY_STATE_BYTES_CONFIG, TIMEOUT_MS_CONFIG, MIN_PAUSE_MS_CONFIG,
            MAX_CONCURRENT_CONFIG, TOLERABLE_FAILURES_CONFIG, RETAINED_CONFIG,
            MAX_DELTA_CHAIN_CONFIG));
      }
    }
    return config;
  }

  /** Whether any automatic trigger (interval, records or state bytes) is on. */
  public boolean hasAutomaticTrigger() {
    return intervalMs > 0 || everyRecords > 0 || everyStateBytes > 0;
  }

  /** A copy with {@link #intervalMs()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withIntervalMs(long v) {
    return new CheckpointConfig(v, everyRecords, everyStateBytes, timeoutMs, minPauseMs,
        maxConcurrent, tolerableFailures, retained, maxDeltaChain);
  }

  /** A copy with {@link #everyRecords()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withEveryRecords(long v) {
    return new CheckpointConfig(intervalMs, v, everyStateBytes, timeoutMs, minPauseMs,
        maxConcurrent, tolerableFailures, retained, maxDeltaChain);
  }

  /** A copy with {@link #everyStateBytes()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withEveryStateBytes(long v) {
    return new CheckpointConfig(intervalMs, everyRecords, v, timeoutMs, minPauseMs,
        maxConcurrent, tolerableFailures, retained, maxDeltaChain);
  }

  /** A copy with {@link #timeoutMs()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withTimeoutMs(long v) {
    return new CheckpointConfig(intervalMs, everyRecords, everyStateBytes, v, minPauseMs,
        maxConcurrent, tolerableFailures, retained, maxDeltaChain);
  }

  /** A copy with {@link #minPauseMs()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withMinPauseMs(long v) {
    return new CheckpointConfig(intervalMs, everyRecords, everyStateBytes, timeoutMs, v,
        maxConcurrent, tolerableFailures, retained, maxDeltaChain);
  }

  /** A copy with {@link #maxConcurrent()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withMaxConcurrent(int v) {
    return new CheckpointConfig(intervalMs, everyRecords, everyStateBytes, timeoutMs, minPauseMs,
        v, tolerableFailures, retained, maxDeltaChain);
  }

  /** A copy with {@link #tolerableFailures()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withTolerableFailures(int v) {
    return new CheckpointConfig(intervalMs, everyRecords, everyStateBytes, timeoutMs, minPauseMs,
        maxConcurrent, v, retained, maxDeltaChain);
  }

  /** A copy with {@link #retained()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withRetained(int v) {
    return new CheckpointConfig(intervalMs, everyRecords, everyStateBytes, timeoutMs, minPauseMs,
        maxConcurrent, tolerableFailures, v, maxDeltaChain);
  }

  /** A copy with {@link #maxDeltaChain()} set to {@code v}; validated like the constructor. */
  public CheckpointConfig withMaxDeltaChain(int v) {
    return new CheckpointConfig(intervalMs, everyRecords, everyStateBytes, timeoutMs, minPauseMs,
        maxConcurrent, tolerableFailures, retained, v);
  }

  private static void atLeast(String key, long value, long min, String hint) {
    if (value < min) {
      throw new ConfigException(key, value,
          key + " must be >= " + min + ", was " + value + " (" + hint + ")");
    }
  }

  private static long longOf(Map<String, String> rest, String key, long fallback) {
    String text = rest.remove(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, text, key + " must be a whole number, was '" + text + "'");
    }
  }

  private static int intOf(Map<String, String> rest, String key, int fallback) {
    long value = longOf(rest, key, fallback);
    if (value != (int) value) {
      throw new ConfigException(key, value,
          key + " must be at most " + Integer.MAX_VALUE + ", was " + value);
    }
    return (int) value;
  }
}
