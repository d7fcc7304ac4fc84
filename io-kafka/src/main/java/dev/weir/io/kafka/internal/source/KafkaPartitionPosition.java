package dev.weir.io.kafka.internal.source;

import java.util.Objects;

/**
 * Where a Kafka source reader stands in one partition, as a checkpoint records it (Avro record
 * {@code dev.weir.kafka.KafkaPartitionPosition}, see {@link KafkaPartitionPositionCoder}).
 *
 * @param topic the topic
 * @param partition the partition, at least 0
 * @param offset the offset of the next record to read: the one after the last record emitted
 * @param maxTimestamp the largest record timestamp emitted, {@code Long.MIN_VALUE} if none (or
 *     if the source emits no watermarks)
 * @param stopOffset for a bounded read, the end offset recorded when the read began; {@code -1}
 *     for an unbounded read
 */
public record KafkaPartitionPosition(String topic, int partition, long offset, long maxTimestamp,
    long stopOffset) {

  /** Validates the fields. */
  public KafkaPartitionPosition {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition of topic '" + topic
          + "' must not be negative, was " + partition);
    }
  }
}
