package dev.weir.sdk.time;

/**
 * Extracts the event timestamp (milliseconds) of a record.
 *
 * <pre>{@code
 * TimestampAssigner<Reading> byTime = (reading, sourceTimestamp) -> reading.epochMillis();
 * }</pre>
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface TimestampAssigner<T> {
  /**
   * The event timestamp of {@code value}.
   *
   * @param sourceTimestamp the timestamp the source gave the record, {@code Long.MIN_VALUE} if none
   */
  long extractTimestamp(T value, long sourceTimestamp);
}
