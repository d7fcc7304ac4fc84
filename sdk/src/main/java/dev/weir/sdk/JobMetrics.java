package dev.weir.sdk;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A snapshot of a job's metrics: record counts per step and per subtask. While the job runs
 * the values are approximate (read without synchronizing with the tasks); once it finished
 * they are exact.
 *
 * @param steps metrics by step name, in the pipeline's step order
 * @param subtasks metrics of every subtask of every step, by step in the pipeline's order,
 *     then by subtask index
 */
public record JobMetrics(Map<String, StepMetrics> steps, List<SubtaskMetrics> subtasks) {

  /** Copies the subtask list. */
  public JobMetrics {
    subtasks = List.copyOf(subtasks);
  }

  /** Metrics without a per-subtask breakdown. */
  public JobMetrics(Map<String, StepMetrics> steps) {
    this(steps, List.of());
  }

  /** The metrics of each subtask of the step named {@code name}, by subtask index. */
  public List<SubtaskMetrics> subtasks(String name) {
    step(name);
    return subtasks.stream().filter(s -> s.stepName().equals(name)).toList();
  }

  /** The metrics of one step. */
  public StepMetrics step(String name) {
    StepMetrics m = steps.get(name);
    if (m == null) {
      throw new NoSuchElementException("no step '" + name + "'; steps are " + steps.keySet());
    }
    return m;
  }
}
