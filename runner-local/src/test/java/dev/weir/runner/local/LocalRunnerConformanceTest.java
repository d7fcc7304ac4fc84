package dev.weir.runner.local;

import dev.weir.sdk.PipelineRunner;
import dev.weir.testing.conformance.RunnerConformanceSuite;
import java.time.Clock;

/** The runner conformance suite on the local runner. */
class LocalRunnerConformanceTest extends RunnerConformanceSuite {

  @Override
  protected PipelineRunner runner(Clock processingTime) {
    return LocalRunner.builder().clock(processingTime).build();
  }
}
