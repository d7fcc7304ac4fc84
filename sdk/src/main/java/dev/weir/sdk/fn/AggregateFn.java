package dev.weir.sdk.fn;

import dev.weir.sdk.types.Coder;

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

  /** Builds an aggregate function from lambdas. */
  static <T, A, R> AggregateFn<T, A, R> of(Coder<A> accumulatorCoder,
      java.util.function.Supplier<A> create,
      java.util.function.BiFunction<A, T, A> add,
      java.util.function.Function<A, R> result) {
    java.util.Objects.requireNonNull(accumulatorCoder, "accumulatorCoder");
    return new AggregateFn<>() {
      @Override public A createAccumulator() { return create.get(); }
      @Override public A add(A acc, T value) { return add.apply(acc, value); }
      @Override public R result(A acc) { return result.apply(acc); }
      @Override public Coder<A> accumulatorCoder() { return accumulatorCoder; }
    };
  }
}
