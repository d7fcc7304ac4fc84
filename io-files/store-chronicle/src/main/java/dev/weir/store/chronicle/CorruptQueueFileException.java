package dev.weir.store.chronicle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code .cq4} file in a job's directory of a {@link ChronicleQueueCheckpointStore} is not a
 * Chronicle Queue file this store can read: its name is not a roll-cycle name, or its first
 * bytes are not a queue header (a file copied in by mistake, truncated to nothing, or
 * overwritten). Chronicle Queue would fail on it, or wait for it forever, every time the job's
 * journal is opened, so the store checks each file before opening the journal.
 *
 * <p>The message names the file, how to check the store ({@code ./weir checkpoints verify DIR})
 * and what to do: move the file out of the job's directory to keep the job's other
 * checkpoints, or delete that directory to start the job fresh.
 */
public class CorruptQueueFileException extends IOException {

  private final transient Path file;
  private final String jobId;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param storeDir the store's directory
   * @param jobId the job whose directory holds the file
   * @param file the file
   * @param reason why it is not a queue file, e.g. "its first bytes are 1f2f700f, not a queue header"
   */
  public CorruptQueueFileException(Path storeDir, String jobId, Path file, String reason) {
    super("checkpoint store " + storeDir + ": " + file + " is not a Chronicle Queue file ("
        + reason + "), so no run of job '" + jobId + "' can use this store; check the store with "
        + "'./weir checkpoints verify " + storeDir + "', then " + remedy(file));
    this.file = Objects.requireNonNull(file, "file");
    this.jobId = Objects.requireNonNull(jobId, "jobId");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** What to do about {@code file}: the advice at the end of the message. */
  public static String remedy(Path file) {
    return "move " + file.getFileName() + " out of " + file.getParent()
        + " to keep the job's other checkpoints, or delete " + file.getParent()
        + " to start the job fresh";
  }

  /** The file that is not a queue file. */
  public Path file() {
    return file;
  }

  /** The job whose directory holds the file. */
  public String jobId() {
    return jobId;
  }

  /** Why the file is not a queue file. */
  public String reason() {
    return reason;
  }
}
