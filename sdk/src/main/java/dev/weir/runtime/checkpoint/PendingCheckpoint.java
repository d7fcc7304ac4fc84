package dev.weir.runtime.checkpoint;

import dev.weir.sdk.CheckpointFailureReason;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A checkpoint that was triggered and is collecting acknowledgements from the tasks it expects.
 *
 * <p>State machine: {@code PENDING} → {@code COMPLETED} (after the manifest was written) or
 * {@code PENDING} → {@code ABORTED}. Both end states are final. Invariants: the expected task set
 * never changes; each expected task is recorded at most once (the first payload wins); once the
 * checkpoint has ended every acknowledgement is {@link AckResult#DISCARDED}. Acknowledging never
 * throws for these protocol events. Not thread-safe: owned by the coordinator.
 *
 * @param <A> the payload of an acknowledgement, e.g. the task's state handles
 */
public final class PendingCheckpoint<A> {

  /** Where a checkpoint is in its life. */
  public enum Status { PENDING, COMPLETED, ABORTED }

  private final long id;
  private final long triggerTimestamp;
  private final SortedSet<TaskId> expected;
  private final SortedMap<TaskId, A> acks = new TreeMap<>();
  private Status status = Status.PENDING;
  private CheckpointFailureReason failureReason;
  private long firstAckTimestamp = -1;
  private long lastAckTimestamp = -1;

  /**
   * @param id the checkpoint id, > 0
   * @param triggerTimestamp when the checkpoint was triggered, in epoch millis
   * @param expectedTasks the tasks that must acknowledge; not empty
   */
  public PendingCheckpoint(long id, long triggerTimestamp, Set<TaskId> expectedTasks) {
    if (id <= 0) {
      throw new IllegalArgumentException("checkpoint id must be > 0, was " + id);
    }
    Objects.requireNonNull(expectedTasks, "expectedTasks");
    if (expectedTasks.isEmpty()) {
      throw new IllegalArgumentException("checkpoint " + id + " must expect at least one task");
    }
    this.id = id;
    this.triggerTimestamp = triggerTimestamp;
    this.expected = Collections.unmodifiableSortedSet(new TreeSet<>(expectedTasks));
  }

  /** Records {@code task}'s acknowledgement without tracking its time. */
  public AckResult acknowledge(TaskId task, A payload) {
    return record(task, payload, -1, false);
  }

  /** Records {@code task}'s acknowledgement, received at {@code nowMillis}. */
  public AckResult acknowledge(TaskId task, A payload, long nowMillis) {
    return record(task, payload, nowMillis, true);
  }

  private AckResult record(TaskId task, A payload, long now, boolean timed) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(payload, "payload");
    if (status != Status.PENDING) {
      return AckResult.DISCARDED;
    }
    if (!expected.contains(task)) {
      return AckResult.UNKNOWN_TASK;
    }
    if (acks.putIfAbsent(task, payload) != null) {
      return AckResult.DUPLICATE;
    }
    if (timed) {
      if (firstAckTimestamp < 0) {
        firstAckTimestamp = now;
      }
      lastAckTimestamp = now;
    }
    return AckResult.ACCEPTED;
  }

  /** Whether every expected task has acknowledged. */
  public boolean isFullyAcknowledged() {
    return acks.size() == expected.size();
  }

  /**
   * Marks the checkpoint complete: call once its manifest is written.
   *
   * @throws IllegalStateException if it is not pending or not fully acknowledged
   */
  public void markCompleted() {
    if (status != Status.PENDING || !isFullyAcknowledged()) {
      throw new IllegalStateException("checkpoint " + id + " cannot complete: it is " + status
          + " with " + acks.size() + " of " + expected.size() + " acknowledgements");
    }
    status = Status.COMPLETED;
  }

  /**
   * Aborts the checkpoint; later acknowledgements are discarded.
   *
   * @return false if it had already ended (the first reason is kept)
   */
  public boolean abort(CheckpointFailureReason reason) {
    Objects.requireNonNull(reason, "reason");
    if (status != Status.PENDING) {
      return false;
    }
    status = Status.ABORTED;
    failureReason = reason;
    return true;
  }

  /** The checkpoint id. */
  public long id() {
    return id;
  }

  /** When the checkpoint was triggered, in epoch millis. */
  public long triggerTimestamp() {
    return triggerTimestamp;
  }

  /** Where the checkpoint is in its life. */
  public Status status() {
    return status;
  }

  /** Whether the checkpoint has ended, i.e. completed or aborted. */
  public boolean isDisposed() {
    return status != Status.PENDING;
  }

  /** The abort reason; empty unless aborted. */
  public Optional<CheckpointFailureReason> failureReason() {
    return Optional.ofNullable(failureReason);
  }

  /** The accepted payloads by task, in task order; a read-only view. */
  public Map<TaskId, A> acks() {
    return Collections.unmodifiableSortedMap(acks);
  }

  /** The tasks this checkpoint waits for, in task order. */
  public Set<TaskId> expectedTasks() {
    return expected;
  }

  /** The expected tasks that have not acknowledged yet, in task order. */
  public Set<TaskId> missingTasks() {
    SortedSet<TaskId> missing = new TreeSet<>(expected);
    missing.removeAll(acks.keySet());
    return Collections.unmodifiableSortedSet(missing);
  }

  /** Time of the first timed acknowledgement; empty if none. */
  public OptionalLong firstAckTimestamp() {
    return firstAckTimestamp < 0 ? OptionalLong.empty() : OptionalLong.of(firstAckTimestamp);
  }

  /** Time of the latest timed acknowledgement; empty if none. */
  public OptionalLong lastAckTimestamp() {
    return lastAckTimestamp < 0 ? OptionalLong.empty() : OptionalLong.of(lastAckTimestamp);
  }

  @Override
  public String toString() {
    return "checkpoint " + id + " (" + status + ", " + acks.size() + "/" + expected.size()
        + " acknowledged)";
  }
}
