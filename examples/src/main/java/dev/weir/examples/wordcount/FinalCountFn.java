package dev.weir.examples.wordcount;

import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.TimeDomain;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.List;

/**
 * Counts the records of each key and emits {@code (key, final count)} once, when the bounded
 * input ends: every key registers an event-time timer at {@code Long.MAX_VALUE - 1}, which fires
 * only when the end of the input brings the watermark to the end of time.
 *
 * <h2>Checkpointing</h2>
 * The count is keyed state and the pending timer is checkpointed with it, so a restored job
 * emits the same final counts as a failure-free one; with an exactly-once sink each count is
 * written once.
 *
 * @param <K> the key type
 */
public final class FinalCountFn<K> extends KeyedProcessFn<K, K, KV<K, Long>> {
  static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);
  /** The timer that fires at the end of a bounded input. */
  static final long END_OF_INPUT = Long.MAX_VALUE - 1;

  @Override
  public List<StateSpec<?>> stateSpecs() {
    return List.of(COUNT);
  }

  @Override
  public void processElement(K value, Context<K, KV<K, Long>> ctx) {
    ValueState<Long> c = ctx.state(COUNT);
    Long old = c.value();
    c.update(old == null ? 1L : old + 1);
    if (old == null) {
      ctx.timers().registerEventTimeTimer(END_OF_INPUT);
    }
  }

  @Override
  public void onTimer(long timestamp, TimeDomain domain, Context<K, KV<K, Long>> ctx) {
    ctx.output(KV.of(ctx.key(), ctx.state(COUNT).value()));
  }
}
