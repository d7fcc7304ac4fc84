package dev.weir.runtime.operators;

import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.ReduceFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import java.util.List;

/** The built-in running reduction per key: emits (key, reduced so far) for every record. */
public final class ReduceKeyedFn<K, T> extends KeyedProcessFn<K, T, KV<K, T>> {
  private final ReduceFn<T> fn;
  private final StateSpec<ValueState<T>> spec;

  public ReduceKeyedFn(ReduceFn<T> fn, Coder<T> coder) {
    this.fn = fn;
    this.spec = StateSpec.value("reduced", coder);
  }

  @Override
  public List<StateSpec<?>> stateSpecs() {
    return List.of(spec);
  }

  @Override
  public void processElement(T value, Context<K, KV<K, T>> ctx) {
    ValueState<T> state = ctx.state(spec);
    T acc = state.value();
    T next = acc == null ? value : fn.reduce(acc, value);
    state.update(next);
    ctx.output(KV.of(ctx.key(), next));
  }
}
