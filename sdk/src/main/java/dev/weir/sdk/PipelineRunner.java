package dev.weir.sdk;

/**
 * Executes pipelines (SPI for runner authors; users call {@code LocalRunner.create().run(p)}).
 */
public interface PipelineRunner {
  /**
   * Plans and starts the pipeline; returns at once with a handle on the running job.
   *
   * @throws PipelineValidationException if the pipeline cannot be planned
   */
  PipelineResult run(Pipeline pipeline);
}
