package dev.weir.sdk;

/**
 * A user function (a map, a process function, a source or a sink) threw; the message names
 * the step and the subtask, and the cause is what the function threw.
 */
public class UserFunctionException extends WeirException {
  private static final long serialVersionUID = 1L;

  /**
   * @param stepName the step whose function failed
   * @param subtask the failing subtask index
   * @param parallelism the step's parallelism, for the message
   * @param cause what the function threw
   */
  public UserFunctionException(String stepName, int subtask, int parallelism, Throwable cause) {
    super("step '" + stepName + "' (subtask " + (subtask + 1) + "/" + parallelism + ") failed: "
        + cause, cause, stepName, subtask);
  }
}
