package dev.weir.sdk;

/**
 * Makes a runner with default settings, for tools that find a runner on the class path
 * instead of naming it (SPI for runner authors). The test kit's {@code WeirTest.run(pipeline)}
 * uses it, so that the test kit depends on this API only and not on a runner.
 *
 * <p>A runner registers its provider with {@link java.util.ServiceLoader}: a file
 * {@code META-INF/services/dev.weir.sdk.PipelineRunnerProvider} in its jar that names the
 * implementing class, which needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class LocalRunnerProvider implements PipelineRunnerProvider {
 *   public String name() { return "local"; }
 *   public PipelineRunner create() { return LocalRunner.create(); }
 * }
 * }</pre>
 */
public interface PipelineRunnerProvider {
  /** A short name of the runner, shown in errors (for example {@code "local"}). */
  String name();

  /** A new runner with default settings. */
  PipelineRunner create();
}
