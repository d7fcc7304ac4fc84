package dev.weir.runtime.task;

import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.PhysicalPlan;
import java.time.Clock;

/**
 * What one subtask needs to know to run.
 *
 * @param plan the job's plan
 * @param chain the chain this subtask runs
 * @param subtask the subtask index
 * @param jobName the job
 * @param attempt restarts so far
 * @param clock processing time
 * @param batchSize records per batch handed to a channel
 * @param checkpointing whether the job takes checkpoints
 * @param maxDeltaChain deltas on a full keyed snapshot before the next full one
 */
public record TaskConfig(PhysicalPlan plan, Chain chain, int subtask, String jobName, int attempt,
    Clock clock, int batchSize, boolean checkpointing, int maxDeltaChain) {

  /** "step (2/4)": the chain's head and the subtask, for thread names and messages. */
  public String taskName() {
    return chain.name() + " (" + (subtask + 1) + "/" + chain.parallelism() + ")";
  }
}
