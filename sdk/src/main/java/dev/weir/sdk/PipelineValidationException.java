package dev.weir.sdk;

/**
 * A pipeline that cannot run as built; thrown when the pipeline is planned, before any
 * task starts. The message starts with {@code "Invalid pipeline: "}, names the step and
 * says what to change.
 */
public class PipelineValidationException extends WeirException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code stepName} (may be {@code null}). */
  public PipelineValidationException(String stepName, String problemAndFix) {
    super("Invalid pipeline: " + problemAndFix, null, stepName, -1);
  }
}
