package dev.weir.sdk.fn;

import dev.weir.sdk.types.Coder;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link AggregateFn} of {@code AggregateFn.of(...)}. Only {@link Merging} overrides
 * {@code merge}: the planner checks that override to accept an aggregate for session windows.
 */
class LambdaAggregateFn<T, A, R> implements AggregateFn<T, A, R> {
  private final Coder<A> accumulatorCoder;
  private final Supplier<A> create;
  private final BiFunction<A, T, A> add;
  private final Function<A, R> result;

  LambdaAggregateFn(Coder<A> accumulatorCoder, Supplier<A> create, BiFunction<A, T, A> add,
      Function<A, R> result) {
    this.accumulatorCoder = Objects.requireNonNull(accumulatorCoder, "accumulatorCoder");
    this.create = Objects.requireNonNull(create, "create");
    this.add = Objects.requireNonNull(add, "add");
    this.result = Objects.requireNonNull(result, "result");
  }

  @Override
  public A createAccumulator() {
    return create.get();
  }

  @Override
  public A add(A accumulator, T value) {
    return add.apply(accumulator, value);
  }

  @Override
  public R result(A accumulator) {
    return result.apply(accumulator);
  }

  @Override
  public Coder<A> accumulatorCoder() {
    return accumulatorCoder;
  }

  /** With a merge function. */
  static final class Merging<T, A, R> extends LambdaAggregateFn<T, A, R> {
    private final BinaryOperator<A> merge;

    Merging(Coder<A> accumulatorCoder, Supplier<A> create, BiFunction<A, T, A> add,
        Function<A, R> result, BinaryOperator<A> merge) {
      super(accumulatorCoder, create, add, result);
      this.merge = Objects.requireNonNull(merge, "merge");
    }

    @Override
    public A merge(A a, A b) {
      return merge.apply(a, b);
    }
  }
}
