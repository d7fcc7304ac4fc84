package dev.weir.runtime.failure;

import dev.weir.sdk.RestartStrategy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what a runner does after an attempt of a job failed: restart after a delay, or fail
 * the job. A decision, no I/O; the same for every runner.
 *
 * <p>A job restarts only when it takes checkpoints (else there is nothing consistent to
 * restart from), when a restart can fix the failure ({@link FailureClassifier}), and while its
 * {@link RestartStrategy} allows another attempt.
 */
public final class RestartPolicy {

  /** What to do after a failed attempt. */
  public sealed interface Decision permits Restart, Fail {
  }

  /** Start the next attempt after {@code delay}. */
  public record Restart(Duration delay) implements Decision {
  }

  /** Fail the job; {@code reason} says why it does not restart. */
  public record Fail(String reason) implements Decision {
  }

  private final RestartStrategy strategy;
  private final boolean checkpointing;

  public RestartPolicy(RestartStrategy strategy, boolean checkpointing) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.checkpointing = checkpointing;
  }

  /**
   * @param failedAttempts how many attempts failed so far, this one included (from 1)
   * @param failure why this attempt failed
   */
  public Decision onFailure(int failedAttempts, Throwable failure) {
    if (!checkpointing) {
      return new Fail("the job takes no checkpoints, so there is nothing to restart from");
    }
    Optional<Throwable> unrecoverable = FailureClassifier.unrecoverableCause(failure);
    if (unrecoverable.isPresent()) {
      return new Fail("a restart cannot fix " + unrecoverable.get());
    }
    Optional<Duration> delay = strategy.delayBeforeRestart(failedAttempts);
    return delay.<Decision>map(Restart::new).orElseGet(() -> new Fail("the restart strategy ("
        + strategy + ") allows no restart after " + failedAttempts + " failed attempt"
        + (failedAttempts == 1 ? "" : "s")));
  }
}
