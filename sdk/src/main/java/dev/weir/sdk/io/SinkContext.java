package dev.weir.sdk.io;

/** What a {@link SinkWriter} learns about where it runs. */
public interface SinkContext {
  /** The job's name. */
  String jobName();

  /** The sink step's name. */
  String stepName();

  /** This writer's subtask index, from 0. */
  int subtaskIndex();

  /** The number of subtasks of the sink step. */
  int parallelism();

  /** Restarts of the job so far (0 on the first run); distinguishes attempts' staging names. */
  int attempt();
}
