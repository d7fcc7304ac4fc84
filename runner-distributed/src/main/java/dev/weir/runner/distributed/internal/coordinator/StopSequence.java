package dev.weir.runner.distributed.internal.coordinator;

import dev.weir.runner.distributed.internal.protocol.ControlMessage;
import dev.weir.runner.distributed.internal.protocol.JobRequest;
import dev.weir.runtime.checkpoint.AttemptCheckpoints;
import dev.weir.sdk.CheckpointFailureReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator's stop of its job, in three steps: sources stop reading ({@code PAUSE}), then
 * the stop checkpoint (a savepoint if asked) is taken, again after a failed try; once it is
 * complete, no checkpoint follows it and {@code STOP} tells every task to report its end after
 * committing it. The coordinator ends the job STOPPED when the last task reported its end.
 *
 * <p>The first stop request starts the sequence; later ones add nothing. The checkpoint is
 * taken on a thread of its own and ends when the coordinator steps down ({@code stepsDown}).
 */
final class StopSequence {
  private static final Logger LOG = LoggerFactory.getLogger(StopSequence.class);

  /** How long a failed stop checkpoint waits before the next try. */
  static final long RETRY_MILLIS = 100;

  private final String jobId;
  private final long epoch;
  private final Supplier<AttemptCheckpoints> checkpoints;
  private final Consumer<ControlMessage> publish;
  private final BooleanSupplier stepsDown;
  private final CountDownLatch stopSignal;

  /** The stop request being served, or null. */
  private JobRequest request;
  /** The checkpoint the job stopped with (its STOP is published), or -1. */
  private volatile long checkpointId = -1;

  /**
   * @param checkpoints the epoch's checkpoints
   * @param publish publishes a control message of the epoch
   * @param stepsDown whether the coordinator is stepping down (the sequence ends)
   * @param stopSignal counted down when the coordinator steps down
   */
  StopSequence(String jobId, long epoch, Supplier<AttemptCheckpoints> checkpoints,
      Consumer<ControlMessage> publish, BooleanSupplier stepsDown, CountDownLatch stopSignal) {
    this.jobId = jobId;
    this.epoch = epoch;
    this.checkpoints = checkpoints;
    this.publish = publish;
    this.stepsDown = stepsDown;
    this.stopSignal = stopSignal;
  }

  /** Starts the stop asked by {@code stop}, unless one is under way. */
  synchronized void begin(JobRequest stop) {
    if (request != null) {
      LOG.info("Job '{}': stopping already; request {} adds nothing", jobId, stop.requestId());
      return;
    }
    request = stop;
    publish.accept(new ControlMessage.Pause(epoch));
    Thread t = new Thread(this::takeStopCheckpoint, "weir-" + jobId + "-stop");
    t.setDaemon(true);
    t.start();
  }

  /** The checkpoint the job stopped with, or -1 while it has none. */
  long checkpointId() {
    return checkpointId;
  }

  /** Whether the job's stop checkpoint is complete: its tasks end STOPPED. */
  boolean stopped() {
    return checkpointId > 0;
  }

  private void takeStopCheckpoint() {
    JobRequest stop;
    synchronized (this) {
      stop = request;
    }
    boolean savepoint = stop.kind() == JobRequest.Kind.STOP_WITH_SAVEPOINT;
    for (int attempt = 1; !stepsDown.getAsBoolean(); attempt++) {
      AttemptCheckpoints cps = checkpoints.get();
      CompletableFuture<Long> done = savepoint ? cps.triggerSavepoint() : cps.trigger();
      try {
        while (!stepsDown.getAsBoolean()) {
          try {
            long id = done.get(500, TimeUnit.MILLISECONDS);
            checkpointId = id;
            // No checkpoint after the stop checkpoint: the job's last one is the one it stopped
            // with (a later one in flight is aborted).
            cps.stop(CheckpointFailureReason.CANCELLED);
            LOG.info("Job '{}': stop checkpoint {} complete (request {}); tasks end after "
                + "committing it", jobId, id, stop.requestId());
            publish.accept(new ControlMessage.Stop(epoch, id));
            return;
          } catch (TimeoutException e) {
            // not yet: look at stepsDown again
          }
        }
        return;
      } catch (ExecutionException e) {
        LOG.warn("Job '{}': the stop checkpoint failed (try {}): {}; trying again in {} ms",
            jobId, attempt, e.getCause().toString(), RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        if (stopSignal.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
