package dev.weir.runner.distributed.internal;

import dev.weir.runtime.checkpoint.TaskId;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.PhysicalPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers a plan's subtasks as the task topic does: partition 0 is the coordinator, partition
 * {@code 1 + i} the {@code i}-th subtask (chains in plan order, subtasks ascending). The planner
 * is deterministic, so every worker numbers alike.
 */
public final class TaskLayout {
  private final List<Chain> chainOf = new ArrayList<>();
  private final List<TaskId> ids = new ArrayList<>();
  private final List<Integer> subtaskOf = new ArrayList<>();

  public TaskLayout(PhysicalPlan plan) {
    for (Chain c : plan.chains()) {
      for (int s = 0; s < c.parallelism(); s++) {
        chainOf.add(c);
        subtaskOf.add(s);
        ids.add(TaskId.of(c.name(), s));
      }
    }
  }

  /** Partitions of the task topic: the coordinator's and one per subtask. */
  public int partitions() {
    return ids.size() + 1;
  }

  /** Every subtask, in partition order. */
  public List<TaskId> taskIds() {
    return ids;
  }

  public Chain chain(int partition) {
    return chainOf.get(check(partition) - 1);
  }

  public int subtask(int partition) {
    return subtaskOf.get(check(partition) - 1);
  }

  public TaskId taskId(int partition) {
    return ids.get(check(partition) - 1);
  }

  private int check(int partition) {
    if (partition < 1 || partition > ids.size()) {
      throw new IllegalArgumentException("task-topic partition " + partition + " is no subtask; "
          + "the job has " + ids.size() + " subtasks (partitions 1 to " + ids.size() + ")");
    }
    return partition;
  }
}
