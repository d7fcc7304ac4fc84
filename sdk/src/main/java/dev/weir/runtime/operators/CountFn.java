package dev.weir.runtime.operators;

import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.List;

/** The built-in running count per key: emits (key, count so far) for every record. */
public final class CountFn<K, T> extends KeyedProcessFn<K, T, KV<K, Long>> {
  static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);

  @Override
  public List<StateSpec<?>> stateSpecs() {
    return List.of(COUNT);
  }

  @Override
  public void processElement(T value, Context<K, KV<K, Long>> ctx) {
    ValueState<Long> count = ctx.state(COUNT);
    Long c = count.value();
    long n = c == null ? 1L : c + 1L;
    count.update(n);
    ctx.output(KV.of(ctx.key(), n));
  }
}
