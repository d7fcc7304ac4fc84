package dev.weir.runner.local;

import dev.weir.sdk.PipelineRunner;
import dev.weir.sdk.PipelineRunnerProvider;

/**
 * Registers the {@link LocalRunner} with {@link java.util.ServiceLoader}, so that the test
 * kit's {@code WeirTest.run(pipeline)} finds it when {@code weir-runner-local} is on the class
 * path. Applications call {@link LocalRunner#create()} or {@link LocalRunner#builder()}.
 */
public final class LocalRunnerProvider implements PipelineRunnerProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public LocalRunnerProvider() {
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public PipelineRunner create() {
    return LocalRunner.create();
  }
}
