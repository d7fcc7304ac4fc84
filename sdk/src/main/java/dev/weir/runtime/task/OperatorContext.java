package dev.weir.runtime.task;

import dev.weir.runtime.state.KeyGroupRange;
import java.time.Clock;

/**
 * What a task gives each operator of its chain.
 *
 * @param stepName the operator's step
 * @param jobName the job
 * @param subtask this subtask's index
 * @param parallelism the step's parallelism
 * @param maxParallelism the job's number of key groups
 * @param keyGroups the key groups this subtask owns (all of them for unkeyed steps)
 * @param clock processing time
 * @param output where the operator emits
 * @param attempt restarts of the job so far
 */
public record OperatorContext(
    String stepName,
    String jobName,
    int subtask,
    int parallelism,
    int maxParallelism,
    KeyGroupRange keyGroups,
    Clock clock,
    Output output,
    int attempt) {
}
