package dev.weir.sdk;

import dev.weir.sdk.io.Source;

/**
 * The root of a job's graph of named steps; sources are added with {@link #read}.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("wordcount"));
 * p.read("lines", source)
 *  .flatMap("split", line -> List.of(line.toLowerCase().split("\\W+")))
 *  .filter("nonEmpty", w -> !w.isEmpty())
 *  .keyBy("byWord", w -> w, Types.STRING)
 *  .count("count")
 *  .write("out", sink);
 * System.out.println(p.explain());
 * LocalRunner.create().run(p).waitUntilFinish();
 * }</pre>
 *
 * <h2>Threading</h2>
 * Build a pipeline on one thread; once a runner runs it, do not change it.
 */
public interface Pipeline {

  /** A pipeline with {@link PipelineOptions#defaults()}. */
  static Pipeline create() {
    return create(PipelineOptions.defaults());
  }

  /** A pipeline with the given options. */
  static Pipeline create(PipelineOptions options) {
    return PipelineBootstrap.PROVIDER.create(options);
  }

  /** The job-wide options. */
  PipelineOptions options();

  /** Adds a source step. */
  <T> PStream<T> read(String name, Source<T> source);

  /**
   * Plans the pipeline and describes the physical plan as text: chains of fused steps,
   * the exchanges between them, and parallelism.
   *
   * @throws PipelineValidationException if the pipeline cannot be planned
   */
  String explain();

  /** The physical plan as a Graphviz DOT graph (one cluster per chain). */
  String explainDot();
}
