package dev.weir.sdk;

/**
 * A reusable composite of steps, applied with {@code stream.apply(name, transform)}.
 *
 * <p>The steps it adds are named {@code "<name>/<inner name>"}, so the same transform can be
 * applied twice in one pipeline.
 *
 * <pre>{@code
 * Transform<String, KV<String, Long>> countWords = lines -> lines
 *     .flatMap("split", l -> List.of(l.split("\\W+")))
 *     .keyBy("byWord", w -> w, Types.STRING)
 *     .count("count");
 * PStream<KV<String, Long>> counts = lines.apply("wordCount", countWords);
 * }</pre>
 *
 * @param <T> the input type
 * @param <R> the output type
 */
@FunctionalInterface
public interface Transform<T, R> {
  /** Adds this transform's steps to the pipeline of {@code input}. */
  PStream<R> expand(PStream<T> input);
}
