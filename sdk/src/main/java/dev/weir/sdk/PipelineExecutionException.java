package dev.weir.sdk;

/**
 * A job ended in {@link PipelineResult.State#FAILED}; thrown by
 * {@link PipelineResult#waitUntilFinish}. The cause is the failure that ended the job,
 * usually a {@link UserFunctionException} naming the step.
 */
public class PipelineExecutionException extends WeirException {
  private static final long serialVersionUID = 1L;

  /** Wraps the failure of job {@code jobName}. */
  public PipelineExecutionException(String jobName, Throwable cause) {
    super("job '" + jobName + "' failed: " + cause.getMessage(), cause,
        cause instanceof WeirException w ? w.stepName().orElse(null) : null,
        cause instanceof WeirException w ? w.subtask() : -1);
  }
}
