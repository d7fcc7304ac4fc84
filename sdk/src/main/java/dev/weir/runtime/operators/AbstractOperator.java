package dev.weir.runtime.operators;

import dev.weir.runtime.task.Operator;
import dev.weir.runtime.task.OperatorContext;
import dev.weir.runtime.task.Output;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;

/** Base of the built-in operators: keeps the context and wraps user-code failures. */
abstract class AbstractOperator implements Operator {
  protected OperatorContext context;
  protected Output output;

  @Override
  public void open(OperatorContext context) {
    this.context = context;
    this.output = context.output();
  }

  /**
   * Wraps what a user function threw into an exception naming the step and subtask; a
   * failure that already names a step (from a chained successor) or a cancellation passes
   * through unchanged.
   */
  protected final RuntimeException userFailure(Throwable t) {
    if (t instanceof TaskCancelledException c) {
      return c;
    }
    if (t instanceof WeirException w && w.stepName().isPresent()) {
      return w;
    }
    return new UserFunctionException(context.stepName(), context.subtask(), context.parallelism(), t);
  }
}
