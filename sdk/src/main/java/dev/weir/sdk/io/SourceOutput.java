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

  /**
   * Emits a watermark: no record with a smaller timestamp follows from this reader. For
   * sources that track event time themselves (per partition, say); a watermark not above the
   * previous one is ignored. Without a source watermark a downstream {@code
   * assignTimestampsAndWatermarks} step makes one.
   */
  default void emitWatermark(long watermark) {
  }

  /**
   * Marks this reader idle: downstream steps stop waiting for its watermark until it emits a
   * record or a watermark again.
   */
  default void markIdle() {
  }

  /**
   * Sends a record the reader could not read to the step's {@link DeadLetter#TAG} side output.
   * Only for sources whose {@link Source#emitsDeadLetters()} is {@code true}. The default
   * implementations (for outputs outside a runner, such as in a reader's unit test) ignore
   * watermarks and idleness and refuse dead letters.
   */
  default void deadLetter(DeadLetter letter) {
    throw new UnsupportedOperationException("this output takes no dead letters: " + letter);
  }
}
