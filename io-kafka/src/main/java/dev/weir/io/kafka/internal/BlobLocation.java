package dev.weir.io.kafka.internal;

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

  @Override
  public String toString() {
    return PREFIX + topic + ":" + partition + ":" + firstOffset + "-" + lastOffset;
  }
}
