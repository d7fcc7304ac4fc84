package dev.weir.runtime.checkpoint;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies one subtask of one operator chain: the unit that acknowledges a checkpoint.
 *
 * <p>{@code chain} is the name of the chain's head step. Step names are the stable identity of a
 * pipeline (the planner is deterministic), so a {@code TaskId} means the same task on every
 * worker and after a restart. Ordered by chain name, then subtask, so manifests list tasks in a
 * deterministic order.
 *
 * @param chain name of the head step of the operator chain; not blank
 * @param subtask index of the parallel instance, from 0
 */
public record TaskId(String chain, int subtask) implements Comparable<TaskId> {

  private static final Comparator<TaskId> ORDER =
      Comparator.comparing(TaskId::chain).thenComparingInt(TaskId::subtask);

  /** Validates the name and index. */
  public TaskId {
    Objects.requireNonNull(chain, "chain");
    if (chain.isBlank()) {
      throw new IllegalArgumentException("a task's chain name must not be blank");
    }
    if (subtask < 0) {
      throw new IllegalArgumentException(
          "subtask of chain '" + chain + "' must be >= 0, was " + subtask);
    }
  }

  /** Same as the constructor; reads well in tests: {@code TaskId.of("count", 1)}. */
  public static TaskId of(String chain, int subtask) {
    return new TaskId(chain, subtask);
  }

  @Override
  public int compareTo(TaskId other) {
    return ORDER.compare(this, other);
  }

  /** {@code chain#subtask}, e.g. {@code count#1}, as used in log and error messages. */
  @Override
  public String toString() {
    return chain + "#" + subtask;
  }
}
