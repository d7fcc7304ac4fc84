package dev.weir.sdk.checkpoint;

import java.util.Objects;

/**
 * A pointer to one state blob persisted by a {@link CheckpointStore}: where it is, how long it
 * is and its CRC32C checksum.
 *
 * <p>A handle is returned by {@link BlobWriter#finish()} and stored in the
 * {@link CheckpointManifest}; reading it back through {@link CheckpointStore#openBlob(StateHandle)}
 * verifies {@link #length()} and {@link #checksum()}. Two handles are the same blob exactly
 * when they are equal; within one store {@link #location()} alone is unique, so it can serve as
 * the key for retention bookkeeping.
 *
 * @param jobId the job whose checkpoint wrote the blob; the blob belongs to that job's storage
 * @param checkpointId the checkpoint that wrote the blob (a delta chain's older blobs keep the
 *     id of the checkpoint that wrote them); at least 1
 * @param location where the store keeps the blob, in a store-specific syntax such as
 *     {@code "memory:17"} or {@code "cq:19723:42"}; never empty
 * @param length the number of bytes in the blob
 * @param checksum the CRC32C ({@link java.util.zip.CRC32C}) of the blob's bytes, an unsigned
 *     32-bit value
 */
public record StateHandle(
    String jobId, long checkpointId, String location, long length, long checksum) {

  /** Validates the fields; see the record description for the rules. */
  public StateHandle {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(location, "location");
    if (location.isEmpty()) {
      throw new IllegalArgumentException("location must not be empty");
    }
    if (checkpointId < 1) {
      throw new IllegalArgumentException(
          "checkpointId must be at least 1, was " + checkpointId + " (blob " + location + ")");
    }
    if (length < 0) {
      throw new IllegalArgumentException(
          "length must not be negative, was " + length + " (blob " + location + ")");
    }
    if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "checksum must be an unsigned 32-bit CRC32C value, was " + checksum
              + " (blob " + location + ")");
    }
  }

  /**
   * A short description for error messages, e.g. {@code "blob cq:19723:42 of checkpoint 7 of
   * job 'orders'"}.
   */
  public String describe() {
    return "blob " + location + " of checkpoint " + checkpointId + " of job '" + jobId + "'";
  }
}
