package dev.weir.runtime.task;

/** Creates one {@link Operator} instance per subtask. */
@FunctionalInterface
public interface OperatorFactory {
  /** A new operator for one subtask. */
  Operator create();
}
