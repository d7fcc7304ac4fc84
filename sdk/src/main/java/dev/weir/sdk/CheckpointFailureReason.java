package dev.weir.sdk;

/**
 * Why a checkpoint was aborted or not started, or why checkpointing failed the job: the
 * {@link CheckpointException#reason()} of a failed checkpoint. Each reason has a message for
 * people and says whether the abort counts towards the consecutive failures a job tolerates
 * ({@code checkpoint.tolerable.failures}).
 *
 * <p>Only failures that say something about the health of checkpointing count: a timeout, a task
 * or store failure. Aborts caused by the job itself (failover, stop, a newer checkpoint) do not.
 * The last two reasons end a job rather than one checkpoint.
 *
 * <pre>{@code
 * result.triggerCheckpoint().exceptionally(e -> {
 *   if (e.getCause() instanceof CheckpointException c && c.reason() == CheckpointFailureReason.TIMEOUT) {
 *     ...
 *   }
 *   return null;
 * });
 * }</pre>
 */
public enum CheckpointFailureReason {
  /** Not every task acknowledged within the checkpoint timeout ({@code checkpoint.timeout.ms}). */
  TIMEOUT("the checkpoint expired before every task acknowledged it", true),
  /** A task declined: it could not take or persist its snapshot. */
  TASK_FAILURE("a task could not take its snapshot", true),
  /** Injecting the barrier at the sources failed. */
  TRIGGER_FAILURE("the barrier could not be injected at the sources", true),
  /** Writing the manifest (the commit point) failed. */
  STORE_FAILURE("writing the checkpoint manifest failed", true),
  /** Aborted because the job is failing over or restarting. */
  JOB_FAILING("the job is failing over", false),
  /** Not started: the maximum number of concurrent checkpoints is in flight. */
  TOO_MANY_CONCURRENT("too many checkpoints are in flight", false),
  /** A newer checkpoint completed first, which makes this one unnecessary. */
  SUBSUMED("a newer checkpoint completed first", false),
  /** The checkpoint coordinator was stopped. */
  CANCELLED("the checkpoint coordinator was stopped", false),
  /** More consecutive checkpoints failed than the job tolerates: the job fails. */
  TOO_MANY_FAILURES("more consecutive checkpoints failed than checkpoint.tolerable.failures allows",
      false),
  /** A bounded job processed all its input, but its final checkpoint failed every try. */
  FINAL_CHECKPOINT_FAILED("the final checkpoint of a bounded job failed every try", false);

  private final String message;
  private final boolean countsAsFailure;

  CheckpointFailureReason(String message, boolean countsAsFailure) {
    this.message = message;
    this.countsAsFailure = countsAsFailure;
  }

  /** A short explanation, e.g. "writing the checkpoint manifest failed". */
  public String message() {
    return message;
  }

  /** Whether this abort counts towards the consecutive failures the job tolerates. */
  public boolean countsAsFailure() {
    return countsAsFailure;
  }
}
