package dev.weir.runtime.task;

import dev.weir.sdk.spi.FaultInjector;

import dev.weir.runtime.checkpoint.CheckpointResponder;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What the runner lends its tasks for checkpoints.
 *
 * @param store the checkpoint store, or {@code null} when the job takes no checkpoints
 * @param asyncExecutor runs the asynchronous part of snapshots
 * @param responder receives acknowledgements
 * @param restored the checkpoint this attempt restores, or {@code null}
 * @param faults test hooks
 * @param asyncFailure called when the asynchronous part hits an injected crash: the runner
 *     fails the job, as if the process died while writing
 * @param restoreStore where the blobs of {@code restored} are: {@code store}, or another store
 *     (a savepoint's), whose blobs the new snapshots do not build on
 */
public record TaskServices(CheckpointStore store, Executor asyncExecutor,
    CheckpointResponder responder, CheckpointManifest restored, FaultInjector faults,
    Consumer<Throwable> asyncFailure, CheckpointStore restoreStore) {

  /** Services whose restored checkpoint (if any) is in {@code store}. */
  public TaskServices(CheckpointStore store, Executor asyncExecutor,
      CheckpointResponder responder, CheckpointManifest restored, FaultInjector faults,
      Consumer<Throwable> asyncFailure) {
    this(store, asyncExecutor, responder, restored, faults, asyncFailure, store);
  }

  /** No checkpoints, no restore, no faults. */
  public static TaskServices none() {
    return new TaskServices(null, Runnable::run, null, null, FaultInjector.NONE, t -> { });
  }

  /** The restored state of one step, or {@code null}. */
  public RestoredState restoredStep(String stepName) {
    if (restored == null) {
      return null;
    }
    return restored.step(stepName).map(s -> new RestoredState(restored, s, restoreStore,
        restoreStore != store)).orElse(null);
  }
}
