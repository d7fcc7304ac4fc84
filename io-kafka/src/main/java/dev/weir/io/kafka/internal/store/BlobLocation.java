package dev.weir.io.kafka.internal.store;

import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.StateHandle;

/**
 * Where a blob lies in the state topic: {@code kafka:<topic>:<partition>:<first>-<last>},
 * the offsets of its first and last chunk records.
 */
public record BlobLocation(String topic, int partition, long firstOffset, long lastOffset) {

  private static final String PREFIX = "kafka:";

  /** Parses {@code location}; null unless it is exactly in the canonical form. */
  public static BlobLocation parse(String location) {
    if (location == null || !location.startsWith(PREFIX)) {
      return null;
    }
    String rest = location.substring(PREFIX.length());
    int range = rest.lastIndexOf(':');
    if (range < 0) {
      return null;
    }
    int part = rest.lastIndexOf(':', range - 1);
    if (part <= 0) {
      return null;
    }
    String[] offsets = rest.substring(range + 1).split("-", -1);
    if (offsets.length != 2) {
      return null;
    }
    try {
      BlobLocation at = new BlobLocation(rest.substring(0, part),
          Integer.parseInt(rest.substring(part + 1, range)), Long.parseLong(offsets[0]),
          Long.parseLong(offsets[1]));
      return at.toString().equals(location) && at.partition >= 0 && at.firstOffset >= 0
          && at.lastOffset >= at.firstOffset ? at : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The location of {@code handle}, a blob in {@code stateTopic}.
   *
   * @throws BlobNotFoundException if the location is not a Kafka store's or names another topic
   */
  public static BlobLocation of(StateHandle handle, String stateTopic, String where)
      throws BlobNotFoundException {
    BlobLocation at = parse(handle.location());
    if (at == null) {
      throw new BlobNotFoundException(handle, where,
          "the location is not one of a Kafka checkpoint store");
    }
    if (!at.topic().equals(stateTopic)) {
      throw new BlobNotFoundException(handle, where, "the blob is in topic '" + at.topic()
          + "', this store's state topic is '" + stateTopic + "'");
    }
    return at;
  }

  @Override
  public String toString() {
    return PREFIX + topic + ":" + partition + ":" + firstOffset + "-" + lastOffset;
  }
}
