package dev.weir.runtime.task;

import dev.weir.sdk.WeirException;

/** Thrown inside a task when it was cancelled while blocked (e.g. on a full channel). */
public final class TaskCancelledException extends WeirException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String taskName) {
    super("task " + taskName + " was cancelled");
  }
}
