package dev.weir.io.kafka.internal.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names and encodings of the record headers the Kafka checkpoint store writes. */
public final class ChunkHeaders {
  /** Checkpoint id, 8 bytes big-endian. */
  public static final String CHECKPOINT = "weir.cp";
  /** Random 16-byte id of a blob; every chunk of a blob carries it. */
  public static final String BLOB = "weir.blob";
  /** Chunk number within the blob, 4 bytes, from 0. */
  public static final String SEQ = "weir.seq";
  /** On the last chunk only: the blob's length, 8 bytes. */
  public static final String LAST = "weir.last";
  /** Manifest topic: the record type. */
  public static final String TYPE = "weir.type";
  /** Manifest topic, attempt markers: the state topic's end offset before the attempt. */
  public static final String STATE_OFFSET = "weir.state.offset";
  /** Manifest topic: the job id, UTF-8. */
  public static final String JOB = "weir.job";

  private ChunkHeaders() {}

  public static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  public static byte[] intBytes(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  /** The last header {@code name} as a long, or null if absent or not 8 bytes. */
  public static Long longValue(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null || h.value().length != 8 ? null
        : ByteBuffer.wrap(h.value()).getLong();
  }

  /** The last header {@code name} as an int, or null if absent or not 4 bytes. */
  public static Integer intValue(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null || h.value().length != 4 ? null
        : ByteBuffer.wrap(h.value()).getInt();
  }

  /** The last header {@code name} as UTF-8 text, or null. */
  public static String string(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The raw bytes of the last header {@code name}, or null. */
  public static byte[] bytes(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : h.value();
  }
}
