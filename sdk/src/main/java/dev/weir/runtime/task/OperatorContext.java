package dev.weir.runtime.task;

import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.KeyGroupRange;
import dev.weir.sdk.types.Coder;
import java.time.Clock;

/**
 * What a task gives each operator of its chain.
 *
 * @param stepName the operator's step
 * @param task the subtask's settings
 * @param keyGroups the key groups this subtask owns (all of them for unkeyed steps)
 * @param keyCoder the key coder of a keyed step, else {@code null}
 * @param output where the operator emits
 * @param restored the step's state in the restored checkpoint, or {@code null} on a fresh start
 */
public record OperatorContext(String stepName, TaskConfig task, KeyGroupRange keyGroups,
    Coder<?> keyCoder, Output output, RestoredState restored) {

  public String jobName() {
    return task.jobName();
  }

  public int subtask() {
    return task.subtask();
  }

  public int parallelism() {
    return task.chain().parallelism();
  }

  public int maxParallelism() {
    return task.plan().maxParallelism();
  }

  public Clock clock() {
    return task.clock();
  }

  public int attempt() {
    return task.attempt();
  }

  /** Whether the job takes checkpoints (sinks then commit on checkpoints, not at the end). */
  public boolean checkpointing() {
    return task.checkpointing();
  }
}
