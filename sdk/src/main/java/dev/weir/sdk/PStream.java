package dev.weir.sdk;

import dev.weir.sdk.fn.FilterFn;
import dev.weir.sdk.fn.FlatMapFn;
import dev.weir.sdk.fn.KeyFn;
import dev.weir.sdk.fn.MapFn;
import dev.weir.sdk.fn.ProcessFn;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.types.Coder;
import java.util.List;

/**
 * A typed stream of records, the output of one step; each call adds a named step.
 *
 * <pre>{@code
 * PStream<String> words = lines
 *     .flatMap("split", line -> List.of(line.toLowerCase().split("\\W+")))
 *     .filter("nonEmpty", w -> !w.isEmpty());
 * words.keyBy("byWord", w -> w, Types.STRING).count("count").write("out", sink);
 * }</pre>
 *
 * <p>The name, always the first argument, is the step's stable identity: checkpoints find a
 * step's state by it. Names are unique in a pipeline.
 *
 * @param <T> the record type
 */
public interface PStream<T> {

  /** The pipeline this stream belongs to. */
  Pipeline pipeline();

  /** The name of the step that produces this stream. */
  String stepName();

  /** The coder of the records, or {@code null} when not known. */
  Coder<T> coder();

  /** Declares the coder of this stream's records; returns a handle carrying it. */
  PStream<T> withCoder(Coder<T> coder);

  /** Sets the parallelism of the step that produces this stream; returns {@code this}. */
  PStream<T> withParallelism(int parallelism);

  /** One output record per input record. */
  <R> PStream<R> map(String name, MapFn<? super T, ? extends R> fn);

  /** Zero or more output records per input record. */
  <R> PStream<R> flatMap(String name, FlatMapFn<? super T, ? extends R> fn);

  /** Keeps the records {@code fn} accepts. */
  PStream<T> filter(String name, FilterFn<? super T> fn);

  /** Runs {@code fn} on each record; it may emit to side outputs. */
  <R> PStream<R> process(String name, ProcessFn<? super T, R> fn);

  /**
   * Runs a function with per-subtask operator state (one Avro-coded object per subtask,
   * checkpointed through the function's {@code snapshot()} and {@code restore()} hooks).
   * {@code factory} creates one instance per subtask.
   */
  <R> PStream<R> processStateful(String name,
      java.util.function.Supplier<? extends dev.weir.sdk.fn.OperatorStateFn<? super T, R, ?>> factory);

  /**
   * Gives records event timestamps and emits watermarks after them, as {@code strategy}
   * says; windows and event-time timers downstream run on these. Apply it right after the
   * source, before any {@code keyBy}. Unless set with {@link #withParallelism}, the step runs
   * with the parallelism of its input and is fused with it, so each source subtask's
   * records are stamped in the order it read them.
   *
   * <pre>{@code
   * PStream<Reading> stamped = p.read("readings", source)
   *     .assignTimestampsAndWatermarks("stamped", WatermarkStrategy
   *         .<Reading>forBoundedOutOfOrderness(Duration.ofSeconds(5))
   *         .withTimestampAssigner((r, ts) -> r.epochMillis()));
   * }</pre>
   */
  PStream<T> assignTimestampsAndWatermarks(String name,
      dev.weir.sdk.time.WatermarkStrategy<? super T> strategy);

  /**
   * Partitions the stream by key for keyed steps; records of one key go to one subtask, by
   * key group.
   *
   * @param keyCoder a deterministic coder of the key; the key group is computed from the encoding
   */
  <K> KeyedPStream<K, T> keyBy(String name, KeyFn<? super T, K> fn, Coder<K> keyCoder);

  /** Merges this stream with others of the same type into one. */
  @SuppressWarnings("unchecked")
  PStream<T> union(String name, PStream<T>... others);

  /** Merges this stream with others of the same type into one. */
  PStream<T> union(String name, List<PStream<T>> others);

  /** The records emitted to {@code tag} by the step that produces this stream. */
  <X> PStream<X> sideOutput(OutputTag<X> tag);

  /** Applies a composite transform; its steps are named {@code name + "/" + inner name}. */
  <R> PStream<R> apply(String name, Transform<T, R> transform);

  /** Writes the stream to a sink. */
  SinkStep write(String name, Sink<? super T> sink);
}
