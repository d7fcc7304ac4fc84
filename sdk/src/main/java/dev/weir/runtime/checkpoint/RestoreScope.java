package dev.weir.runtime.checkpoint;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which checkpoints of a store a run may restore. A decision, no I/O; runner-neutral.
 *
 * <p>A <em>run</em> is one start of a job (a {@code run(pipeline)} call, a submission); its
 * restarts after failures keep its id, which every manifest it writes carries
 * ({@link CheckpointManifest#runId()}). The rules:
 * <ul>
 *   <li>The first attempt of a <b>fresh</b> run restores nothing.</li>
 *   <li>The first attempt of a <b>resuming</b> run restores the newest checkpoint of the store
 *       (falling back to older ones that verify), also a
 *       {@linkplain CheckpointManifest#finished() finished} one: its sources continue from their
 *       recorded positions, in case their input grew.</li>
 *   <li>A <b>restart</b> restores only checkpoints of its own run, or of the run whose
 *       checkpoint the first attempt restored; with none, it starts from empty state again.
 *       Checkpoints of any other run of the same job never leak into it.</li>
 * </ul>
 * Not thread-safe: the runner's driver calls it between attempts.
 */
public final class RestoreScope {

  private final String runId;
  private final boolean resume;
  private boolean firstAttempt = true;
  /** The run whose checkpoint the first attempt restored; null when it restored none. */
  private String resumedRunId;
  private String lastDecision = "";

  private RestoreScope(String runId, boolean resume) {
    this.runId = Objects.requireNonNull(runId, "runId");
    if (runId.isEmpty()) {
      throw new IllegalArgumentException("runId must not be empty");
    }
    this.resume = resume;
  }

  /** A run that starts from empty state; its restarts restore only its own checkpoints. */
  public static RestoreScope fresh(String runId) {
    return new RestoreScope(runId, false);
  }

  /** A run that resumes from the newest checkpoint of the store. */
  public static RestoreScope resuming(String runId) {
    return new RestoreScope(runId, true);
  }

  /** The id this run writes into its manifests. */
  public String runId() {
    return runId;
  }

  /**
   * The checkpoints the next attempt may restore, newest first; the runner restores the newest
   * that verifies, then reports it with {@link #restored}.
   *
   * @param complete every complete checkpoint of the job in the store, in any order
   */
  public List<CheckpointManifest> candidates(List<CheckpointManifest> complete) {
    List<CheckpointManifest> newestFirst = complete.stream()
        .sorted(Comparator.comparingLong(CheckpointManifest::checkpointId).reversed())
        .toList();
    if (firstAttempt) {
      if (!resume) {
        lastDecision = "the run starts fresh";
        return List.of();
      }
      lastDecision = newestFirst.isEmpty() ? "the store holds no checkpoint of the job"
          : "resuming from the newest checkpoint that verifies";
      return newestFirst;
    }
    List<CheckpointManifest> own = newestFirst.stream().filter(this::belongsToTheRun).toList();
    lastDecision = own.isEmpty() ? "the run has no checkpoint of its own yet"
        + (resumedRunId == null ? "" : " and none of the run it resumed verifies")
        : "restoring the newest checkpoint of this run" + (resumedRunId == null ? ""
            : " or of the run it resumed");
    return own;
  }

  /**
   * Records what the attempt restored ({@code null}: nothing); the first call ends the first
   * attempt's rules.
   */
  public void restored(CheckpointManifest manifest) {
    if (firstAttempt && manifest != null) {
      resumedRunId = manifest.runId();
    }
    firstAttempt = false;
  }

  /** Whether the next attempt is a restart (not the run's first attempt). */
  public boolean restarting() {
    return !firstAttempt;
  }

  /** Why the last {@link #candidates} call chose as it did, for the runner's log line. */
  public String lastDecision() {
    return lastDecision;
  }

  private boolean belongsToTheRun(CheckpointManifest m) {
    return m.runId().equals(runId) || resumedRunId != null && m.runId().equals(resumedRunId);
  }
}
