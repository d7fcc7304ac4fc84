package dev.weir.sdk.checkpoint;

import java.io.IOException;
import java.util.Objects;

/**
 * Checkpoint data failed verification: a blob's length or CRC32C checksum differs from its
 * {@link StateHandle}, or a stored manifest cannot be decoded.
 *
 * <p>The message names the job, the checkpoint id and the location (and file, where the store
 * knows it). A runner that meets this while restoring falls back to an earlier checkpoint; a
 * job never starts from state that failed verification.
 *
 * <p>It is an {@link IOException} because it is how reading stored bytes fails, like a
 * truncated file: every {@link CheckpointStore} method declares only {@code IOException}, and
 * a caller that wants to tell corruption apart catches this type first.
 */
public class CorruptCheckpointException extends IOException {

  private final String jobId;
  private final long checkpointId;
  private final String location;

  /**
   * Creates the exception.
   *
   * @param jobId the job
   * @param checkpointId the checkpoint whose data is corrupt
   * @param location the blob location, manifest location or file that failed
   * @param detail what was wrong, e.g. "checksum 0x1234abcd, expected 0x0badf00d"
   */
  public CorruptCheckpointException(String jobId, long checkpointId, String location,
      String detail) {
    super("corrupt data in checkpoint " + checkpointId + " of job '" + jobId + "' at "
        + location + ": " + detail
        + "; this checkpoint cannot be restored, restore an earlier one");
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.checkpointId = checkpointId;
    this.location = Objects.requireNonNull(location, "location");
  }

  /** For a blob that failed verification. */
  public static CorruptCheckpointException of(StateHandle handle, String detail) {
    return new CorruptCheckpointException(
        handle.jobId(), handle.checkpointId(), handle.location(), detail);
  }

  /** The job whose checkpoint is corrupt. */
  public String jobId() {
    return jobId;
  }

  /** The checkpoint whose data is corrupt. */
  public long checkpointId() {
    return checkpointId;
  }

  /** Where the corrupt data is: a blob location, possibly followed by a file name. */
  public String location() {
    return location;
  }
}
