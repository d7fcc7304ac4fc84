package dev.weir.sdk;

import java.util.List;

/**
 * Builds a job's pipeline from its options and arguments: how a job is named where it runs in
 * other processes. The distributed runner sends every worker the factory's class name, the
 * options and the arguments; each worker builds and plans the pipeline itself, so the factory
 * must be deterministic (same options and arguments, same steps in the same order, same
 * coders).
 *
 * <pre>{@code
 * public final class WordCountJob implements PipelineFactory {
 *   public Pipeline create(PipelineOptions options, List<String> args) {
 *     Pipeline p = Pipeline.create(options);
 *     p.read("lines", KafkaSource.strings(...)) ... .write("out", KafkaSink.strings(...));
 *     return p;
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor. The same factory runs unchanged on
 * the local runner: {@code LocalRunner.create().run(new WordCountJob().create(options, args))}.
 */
@FunctionalInterface
public interface PipelineFactory {

  /**
   * Builds the pipeline.
   *
   * @param options the job's options (job name, parallelism, checkpoint settings); pass them to
   *     {@link Pipeline#create(PipelineOptions)}
   * @param args the job's own arguments, as given at submission
   */
  Pipeline create(PipelineOptions options, List<String> args);
}
