package dev.weir.testing.conformance;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The pipeline of a conformance case, as a {@link PipelineFactory}: a runner that builds
 * pipelines in other processes (the distributed runner's workers) gets the class name, the
 * options and {@code io.args()} plus the case's parameters, and builds the very pipeline the
 * case builds in the test's JVM.
 *
 * <pre>{@code
 * public static final class Lengths extends ConformancePipeline {
 *   protected void build(Pipeline p, ConformanceIo io, List<String> params) {
 *     p.read("in", TestSource.of(Types.STRING, "a", "bb")).map("length", String::length)
 *         .write("out", io.sink("out", Types.INT));
 *   }
 * }
 * }</pre>
 *
 * <p>Subclasses need a public no-argument constructor and must be deterministic: the same
 * options and parameters give the same steps.
 */
public abstract class ConformancePipeline implements PipelineFactory {

  /**
   * Adds the case's steps to {@code p}.
   *
   * @param p the empty pipeline
   * @param io where pushed inputs come from and results go
   * @param params the case's parameters (strings, so they travel to other processes)
   */
  protected abstract void build(Pipeline p, ConformanceIo io, List<String> params);

  /** Builds the pipeline in this JVM with {@code io} and {@code params}. */
  public final Pipeline create(PipelineOptions options, ConformanceIo io, List<String> params) {
    Pipeline p = Pipeline.create(options);
    build(p, Objects.requireNonNull(io, "io"), List.copyOf(params));
    return p;
  }

  /**
   * Builds the pipeline from job arguments: {@link ConformanceIo#args()} (the directory of its
   * inputs and outputs), then the case's parameters.
   *
   * @throws IllegalArgumentException if the arguments do not start with the directory
   */
  @Override
  public final Pipeline create(PipelineOptions options, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(getClass().getName() + " needs the directory of its "
          + "ConformanceIo as its first argument (ConformanceIo.inDirectory(dir).args())");
    }
    return create(options, ConformanceIo.inDirectory(Path.of(args.get(0))),
        args.subList(1, args.size()));
  }
}
