package dev.weir.io.kafka.internal.sink;

/**
 * One record waiting for its checkpoint: key (may be null), value and timestamp
 * ({@code Long.MIN_VALUE}: none, the producer stamps it).
 */
public record StagedRecord(byte[] key, byte[] value, long timestamp) {
}
