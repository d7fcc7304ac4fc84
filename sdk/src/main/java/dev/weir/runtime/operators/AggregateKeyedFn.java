package dev.weir.runtime.operators;

import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import java.util.List;

/** The built-in running aggregation per key: emits (key, result so far) for every record. */
public final class AggregateKeyedFn<K, T, A, R> extends KeyedProcessFn<K, T, KV<K, R>> {
  private final AggregateFn<? super T, A, R> fn;
  private final StateSpec<ValueState<A>> spec;

  public AggregateKeyedFn(AggregateFn<? super T, A, R> fn) {
    this.fn = fn;
    this.spec = StateSpec.value("accumulator", fn.accumulatorCoder());
  }

  @Override
  public List<StateSpec<?>> stateSpecs() {
    return List.of(spec);
  }

  @Override
  public void processElement(T value, Context<K, KV<K, R>> ctx) {
    ValueState<A> state = ctx.state(spec);
    A acc = state.value();
    if (acc == null) {
      acc = fn.createAccumulator();
    }
    acc = fn.add(acc, value);
    state.update(acc);
    ctx.output(KV.of(ctx.key(), fn.result(acc)));
  }
}
