package dev.weir.runner.distributed.internal.protocol;

import java.util.Objects;

/**
 * The rates of one step in one subtask over the subtask's last reporting interval (about a
 * second): part of a task's {@link TaskReport.Metrics} and of each {@link SubtaskState}.
 *
 * @param step the step's name
 * @param recordsInPerSecond records the step received per second; at least 0
 * @param recordsOutPerSecond records the step emitted per second; at least 0
 */
public record StepRate(String step, double recordsInPerSecond, double recordsOutPerSecond) {

  /** Validates the fields. */
  public StepRate {
    Objects.requireNonNull(step, "step of a step rate");
    if (!(recordsInPerSecond >= 0) || !(recordsOutPerSecond >= 0)) {
      throw new IllegalArgumentException("rates of step '" + step + "' must be at least 0, were "
          + recordsInPerSecond + " in/s and " + recordsOutPerSecond + " out/s");
    }
  }
}
