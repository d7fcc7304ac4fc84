/**
 * The job-wide side of the aligned checkpoint protocol: decisions (trigger, retention, restore
 * selection), state machines (pending checkpoints, failure tracking) and the single-threaded
 * {@link dev.weir.runtime.checkpoint.CheckpointCoordinator} that routes events between them.
 *
 * <p>Nothing here creates threads or does I/O: time comes from an injected {@link java.time.Clock},
 * timers from a {@link dev.weir.runtime.time.Scheduler}, and all I/O goes through the coordinator's
 * {@link dev.weir.runtime.checkpoint.CheckpointCoordinator.Actions}.
 *
 * <p><b>Internal, no compatibility promise.</b> Users never import this package; it may change in
 * any release.
 */
package dev.weir.runtime.checkpoint;
