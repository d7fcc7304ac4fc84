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

  /**
   * Why this runner could not restore {@code checkpoint} (a checkpoint's or a savepoint's
   * manifest) into {@code pipeline}, one line each; empty when it can. The check the runner
   * makes before any task starts: the max parallelism, state of steps the pipeline lacks
   * (allowed only with {@code allowNonRestoredState}), and each keyed state's schema under
   * Avro's resolution rules (a field added with a default, a removed field, a widened number
   * and a field renamed with an alias restore; a changed type or a field added without a
   * default do not). Offline: plans the pipeline, runs nothing.
   *
   * @throws PipelineValidationException if the pipeline cannot be planned
   * @throws UnsupportedOperationException if the runner does not offer the check
   */
  default java.util.List<String> restoreProblems(Pipeline pipeline,
      dev.weir.sdk.checkpoint.CheckpointManifest checkpoint, boolean allowNonRestoredState) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not check "
        + "restores offline");
  }
}
