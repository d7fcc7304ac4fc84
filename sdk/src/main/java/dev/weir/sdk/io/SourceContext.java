package dev.weir.sdk.io;

/** What a {@link SourceReader} learns about where it runs. */
public interface SourceContext {
  /** The source step's name. */
  String stepName();

  /** This reader's subtask index, from 0. */
  int subtaskIndex();

  /** The number of subtasks of the source step. */
  int parallelism();
}
