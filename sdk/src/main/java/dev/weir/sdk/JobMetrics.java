package dev.weir.sdk;

import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A snapshot of a job's metrics: per step record counts. While the job runs the values are
 * approximate (read without synchronizing with the tasks); once it finished they are exact.
 *
 * @param steps metrics by step name, in the pipeline's step order
 */
public record JobMetrics(Map<String, StepMetrics> steps) {

  /** The metrics of one step. */
  public StepMetrics step(String name) {
    StepMetrics m = steps.get(name);
    if (m == null) {
      throw new NoSuchElementException("no step '" + name + "'; steps are " + steps.keySet());
    }
    return m;
  }
}
