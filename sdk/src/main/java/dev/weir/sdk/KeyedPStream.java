package dev.weir.sdk;

import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.ReduceFn;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;

/**
 * A stream partitioned by key, produced by {@link PStream#keyBy}; its steps have keyed state.
 *
 * <pre>{@code
 * KeyedPStream<String, String> byWord = words.keyBy("byWord", w -> w, Types.STRING);
 * PStream<KV<String, Long>> counts = byWord.count("count");
 * PStream<Out> custom = byWord.process("detect", new MyKeyedFn());
 * }</pre>
 *
 * <p>The built-ins {@link #count}, {@link #reduce} and {@link #aggregate} emit the updated
 * result of a key for every input record (a changelog); {@link #window} gives one result per
 * event-time window.
 *
 * @param <K> the key type
 * @param <T> the record type
 */
public interface KeyedPStream<K, T> {

  /** The name of the keyBy step. */
  String stepName();

  /** The key coder. */
  Coder<K> keyCoder();

  /** Runs a keyed process function with typed state and timers. */
  <R> PStream<R> process(String name, KeyedProcessFn<K, ? super T, R> fn);

  /**
   * Runs a function with per-subtask operator state on the partitioned stream (as Samza's
   * tasks do on partitioned input); see {@link PStream#processStateful}. Its state is not
   * split by key group on rescale: prefer {@link #process} with keyed state for new code.
   */
  <R> PStream<R> processStateful(String name,
      java.util.function.Supplier<? extends dev.weir.sdk.fn.OperatorStateFn<? super T, R, ?>> factory);

  /** The running count of records per key. */
  PStream<KV<K, Long>> count(String name);

  /**
   * The running reduction per key. The stream's coder must be known (see
   * {@link PStream#withCoder}); the reduced value is kept in state with it.
   */
  PStream<KV<K, T>> reduce(String name, ReduceFn<T> fn);

  /**
   * Cuts each key's records into event-time windows; the windowed step is added by the
   * returned handle's {@code count}, {@code reduce}, {@code aggregate} or {@code process}.
   *
   * <pre>{@code
   * PStream<WindowResult<String, Long>> perMinute = byUser
   *     .window(WindowSpec.tumbling(Duration.ofMinutes(1)))
   *     .count("perMinute");
   * }</pre>
   */
  WindowedPStream<K, T> window(dev.weir.sdk.time.WindowSpec spec);

  /** The running aggregation per key; the accumulator is kept in state. */
  <A, R> PStream<KV<K, R>> aggregate(String name, AggregateFn<? super T, A, R> fn);
}
