package dev.weir.sdk.fn;

import dev.weir.sdk.types.Coder;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An aggregation with an accumulator, for {@code KeyedPStream.aggregate}; the accumulator
 * is keyed state, encoded with {@link #accumulatorCoder()}.
 *
 * <pre>{@code
 * AggregateFn<Double, KV<Double, Long>, Double> average = AggregateFn.of(
 *     Types.kv(Types.DOUBLE, Types.LONG),
 *     () -> KV.of(0.0, 0L),
 *     (acc, v) -> KV.of(acc.key() + v, acc.value() + 1),
 *     acc -> acc.key() / acc.value());
 * }</pre>
 *
 * @param <T> the input type
 * @param <A> the accumulator type
 * @param <R> the result type
 */
public interface AggregateFn<T, A, R> {
  /** A new, empty accumulator. */
  A createAccumulator();

  /** Adds {@code value} to {@code accumulator}, returning the new accumulator. */
  A add(A accumulator, T value);

  /** The result for an accumulator. */
  R result(A accumulator);

  /** Merges two accumulators (used by merging windows); by default unsupported. */
  default A merge(A a, A b) {
    throw new UnsupportedOperationException(getClass().getName() + " does not implement merge()");
  }

  /** The coder of the accumulator, used to checkpoint it. */
  Coder<A> accumulatorCoder();

  /**
   * Builds an aggregate function from lambdas, without {@link #merge}: enough for keyed
   * aggregation and for tumbling, sliding and global windows. Session windows merge
   * accumulators and need {@link #of(Coder, Supplier, BiFunction, Function, BinaryOperator)}.
   */
  static <T, A, R> AggregateFn<T, A, R> of(Coder<A> accumulatorCoder, Supplier<A> create,
      BiFunction<A, T, A> add, Function<A, R> result) {
    return new LambdaAggregateFn<>(accumulatorCoder, create, add, result);
  }

  /**
   * Builds an aggregate function from lambdas, with a {@code merge} of two accumulators, as
   * session windows need when records join two sessions.
   *
   * <pre>{@code
   * AggregateFn<Long, Long, Long> sum = AggregateFn.of(Types.LONG, () -> 0L, Long::sum, s -> s, Long::sum);
   * keyed.window(WindowSpec.session(Duration.ofMinutes(30))).aggregate("sum", sum);
   * }</pre>
   */
  static <T, A, R> AggregateFn<T, A, R> of(Coder<A> accumulatorCoder, Supplier<A> create,
      BiFunction<A, T, A> add, Function<A, R> result, BinaryOperator<A> merge) {
    return new LambdaAggregateFn.Merging<>(accumulatorCoder, create, add, result, merge);
  }
}
