package dev.weir.runner.distributed.internal.protocol;

import java.util.Arrays;

/**
 * A piece of a stored jar: the value of partition 1 of the compacted jars topic, keyed by
 * {@code <sha256>/<index>}.
 *
 * @param sha256 SHA-256 of the whole jar, 64 lower-case hex digits
 * @param index the chunk's number, from 0
 * @param data the chunk's bytes (not copied: the caller hands them over)
 */
public record JarChunk(String sha256, int index, byte[] data) {

  /** Validates the fields. */
  public JarChunk {
    Checks.sha256(sha256, "sha256 of a jar chunk");
    Checks.atLeast(index, 0, "index of a chunk of jar " + sha256);
    java.util.Objects.requireNonNull(data, "data of chunk " + index + " of jar " + sha256);
  }

  /** The record key of chunk {@code index} of jar {@code sha256}. */
  public static String key(String sha256, int index) {
    return sha256 + "/" + index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JarChunk c && c.sha256.equals(sha256) && c.index == index
        && Arrays.equals(c.data, data);
  }

  @Override
  public int hashCode() {
    return (sha256.hashCode() * 31 + index) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "JarChunk[" + sha256 + ", " + index + ", " + data.length + " bytes]";
  }
}
