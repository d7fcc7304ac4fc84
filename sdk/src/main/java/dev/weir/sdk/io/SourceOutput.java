package dev.weir.sdk.io;

/**
 * Where a {@link SourceReader} emits records.
 *
 * @param <T> the record type
 */
public interface SourceOutput<T> {
  /** Emits a record without an event timestamp. */
  void emit(T value);

  /**
   * Emits a record with an event timestamp in epoch milliseconds; {@code Long.MIN_VALUE}
   * means none, as {@link #emit(Object)}.
   */
  void emit(T value, long timestamp);
}
