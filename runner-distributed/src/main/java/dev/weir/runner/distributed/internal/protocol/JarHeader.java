package dev.weir.runner.distributed.internal.protocol;

/**
 * A jar in the cluster's jar store: the value of partition 0 of the compacted jars topic, keyed
 * by {@link #sha256()}. Written after every chunk was acknowledged, so a header means the jar
 * is complete.
 *
 * @param sha256 SHA-256 of the jar's whole content, 64 lower-case hex digits
 * @param name the jar's file name as submitted (for messages); not blank
 * @param sizeBytes the jar's length; at least 0
 * @param chunkCount how many chunks hold it; at least 1
 * @param firstChunkOffset offset of chunk 0 in partition 1; at least 0
 * @param lastChunkOffset offset of the last chunk in partition 1; at least
 *     {@code firstChunkOffset}
 * @param uploadedAtMillis when it was stored (epoch ms); at least 0
 */
public record JarHeader(String sha256, String name, long sizeBytes, int chunkCount,
    long firstChunkOffset, long lastChunkOffset, long uploadedAtMillis) {

  /** Validates the fields. */
  public JarHeader {
    Checks.sha256(sha256, "sha256 of a jar header");
    String of = " of jar " + name + " (" + sha256 + ")";
    Checks.notBlank(name, "name of jar " + sha256);
    Checks.atLeast(sizeBytes, 0, "sizeBytes" + of);
    Checks.atLeast(chunkCount, 1, "chunkCount" + of);
    Checks.atLeast(firstChunkOffset, 0, "firstChunkOffset" + of);
    Checks.atLeast(lastChunkOffset, firstChunkOffset, "lastChunkOffset" + of);
    Checks.atLeast(uploadedAtMillis, 0, "uploadedAtMillis" + of);
  }
}
