package dev.weir.sdk;

import java.util.Optional;

/**
 * The root of Weir's unchecked exceptions; carries the step and subtask it concerns, when
 * there is one.
 *
 * <p>Messages say what failed, where (step, subtask), why, and what to do.
 */
public class WeirException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String stepName;
  private final int subtask;

  /** An error that concerns no particular step. */
  public WeirException(String message, Throwable cause) {
    this(message, cause, null, -1);
  }

  /** An error that concerns no particular step. */
  public WeirException(String message) {
    this(message, null, null, -1);
  }

  /**
   * An error of one step.
   *
   * @param stepName the step's name, or {@code null}
   * @param subtask the subtask index, or {@code -1} when not known
   */
  public WeirException(String message, Throwable cause, String stepName, int subtask) {
    super(message, cause);
    this.stepName = stepName;
    this.subtask = subtask;
  }

  /** The name of the step this error concerns, if any. */
  public Optional<String> stepName() {
    return Optional.ofNullable(stepName);
  }

  /** The subtask index this error concerns, or {@code -1}. */
  public int subtask() {
    return subtask;
  }
}
