package dev.weir.runner.distributed.internal.protocol;

import java.util.Objects;

/**
 * A client's request to a running job, on the job's requests topic; its coordinator serves the
 * requests written after it started.
 *
 * @param requestId the client's id of the request; not blank
 * @param kind what is asked
 * @param requestedAtMillis when the client asked (epoch ms); at least 0
 */
public record JobRequest(String requestId, Kind kind, long requestedAtMillis) {

  /** What a request asks for. */
  public enum Kind {
    /** A checkpoint now. */
    CHECKPOINT,
    /** A checkpoint now, its manifest marked as a savepoint (kept by retention). */
    SAVEPOINT,
    /**
     * Stop the job: sources stop reading, a final checkpoint is taken and committed, and the
     * job ends STOPPED without draining (timers and windows stay pending in the checkpoint).
     */
    STOP,
    /** {@link #STOP} whose final checkpoint is a savepoint. */
    STOP_WITH_SAVEPOINT;

    /** Whether the request stops the job. */
    public boolean stops() {
      return this == STOP || this == STOP_WITH_SAVEPOINT;
    }
  }

  /** Validates the fields. */
  public JobRequest {
    Checks.notBlank(requestId, "requestId of a job request");
    Objects.requireNonNull(kind, "kind of job request " + requestId);
    Checks.atLeast(requestedAtMillis, 0, "requestedAtMillis of job request " + requestId);
  }
}
