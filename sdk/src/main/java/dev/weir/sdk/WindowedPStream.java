package dev.weir.sdk;

import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.ReduceFn;
import dev.weir.sdk.time.ProcessWindowFn;
import dev.weir.sdk.time.WindowResult;

/**
 * A keyed stream cut into event-time windows, produced by
 * {@link KeyedPStream#window}; each method adds one keyed step. It sits beside
 * {@link PStream} and {@link KeyedPStream}, the other typed stages; the windows themselves
 * ({@link dev.weir.sdk.time.WindowSpec}, {@link WindowResult}) are in {@code dev.weir.sdk.time}.
 *
 * <pre>{@code
 * static final OutputTag<Reading> TOO_LATE = OutputTag.of("tooLate", Reading.CODER);
 *
 * PStream<WindowResult<String, Double>> avg = readings
 *     .keyBy("byHost", Reading::host, Types.STRING)
 *     .window(WindowSpec.sliding(Duration.ofMinutes(5), Duration.ofMinutes(1))
 *         .withAllowedLateness(Duration.ofMinutes(1)))
 *     .withLateOutput(TOO_LATE)
 *     .aggregate("avgCpu", averageCpu);
 * PStream<Reading> dropped = avg.sideOutput(TOO_LATE);
 * }</pre>
 *
 * <p>The input needs event timestamps: apply
 * {@link PStream#assignTimestampsAndWatermarks} before {@code keyBy}. Window contents and
 * pending firings are keyed state and event-time timers, checkpointed like any keyed state.
 *
 * <p>Records later than the allowed lateness are never dropped silently: they are emitted
 * on the late side output ({@link #LATE_TAG_ID} unless {@link #withLateOutput} names
 * another tag) and counted in the step's {@code recordsOut}.
 *
 * @param <K> the key type
 * @param <T> the record type
 */
public interface WindowedPStream<K, T> {

  /** The id of the default late side output tag: {@code OutputTag.of("late", coder)}. */
  String LATE_TAG_ID = "late";

  /** A copy that emits records later than the allowed lateness on {@code tag}. */
  WindowedPStream<K, T> withLateOutput(OutputTag<T> tag);

  /** The number of records per window. */
  PStream<WindowResult<K, Long>> count(String name);

  /**
   * The reduction of each window's records. The input's coder must be known (see
   * {@link PStream#withCoder}): the running value is kept in state with it.
   */
  PStream<WindowResult<K, T>> reduce(String name, ReduceFn<T> fn);

  /**
   * The aggregation of each window's records; session windows need
   * {@link AggregateFn#merge}.
   */
  <A, R> PStream<WindowResult<K, R>> aggregate(String name, AggregateFn<? super T, A, R> fn);

  /**
   * Calls {@code fn} with all records of a window when it fires. The input's coder must be
   * known: the records are kept in state with it.
   */
  <R> PStream<R> process(String name, ProcessWindowFn<K, T, R> fn);
}
