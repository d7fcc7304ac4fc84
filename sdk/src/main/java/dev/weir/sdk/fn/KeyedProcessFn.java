package dev.weir.sdk.fn;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.state.State;
import dev.weir.sdk.state.StateSpec;
import java.util.List;

/**
 * User logic over a keyed stream, with typed keyed state, timers and side outputs.
 *
 * <pre>{@code
 * class RunningCount extends KeyedProcessFn<String, String, KV<String, Long>> {
 *   static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);
 *
 *   public List<StateSpec<?>> stateSpecs() { return List.of(COUNT); }
 *
 *   public void processElement(String word, Context<String, KV<String, Long>> ctx) {
 *     ValueState<Long> count = ctx.state(COUNT);
 *     long n = count.valueOr(0L) + 1;
 *     count.update(n);
 *     ctx.output(KV.of(ctx.key(), n));
 *   }
 * }
 * }</pre>
 *
 * <h2>Threading</h2>
 * One instance is shared by all subtasks of the step, and each subtask calls it from its own
 * thread: keep per-key data in state, never in fields; fields must be immutable
 * configuration.
 *
 * <h2>Checkpointing</h2>
 * The state declared in {@link #stateSpecs()} and the pending timers survive a restore;
 * nothing else does.
 *
 * @param <K> the key type
 * @param <T> the input type
 * @param <R> the main output type
 */
public abstract class KeyedProcessFn<K, T, R> {

  /**
   * The keyed state this function uses. Each name must be unique; only declared specs can
   * be passed to {@link Context#state}.
   */
  public List<StateSpec<?>> stateSpecs() {
    return List.of();
  }

  /** Processes one record of the current key. */
  public abstract void processElement(T value, Context<K, R> ctx);

  /**
   * Called when a timer of the current key fires; {@code ctx.timestamp()} is the timer's
   * timestamp. Does nothing by default.
   */
  public void onTimer(long timestamp, TimeDomain domain, Context<K, R> ctx) {
  }

  /**
   * What a {@link KeyedProcessFn} can do while it processes a record or a timer.
   *
   * @param <K> the key type
   * @param <R> the main output type
   */
  public interface Context<K, R> {
    /** The current key. */
    K key();

    /**
     * The event timestamp of the current record (or the timer's timestamp in
     * {@code onTimer}); {@code Long.MIN_VALUE} when the record has none.
     */
    long timestamp();

    /** The handle of a declared state, scoped to the current key. */
    <S extends State> S state(StateSpec<S> spec);

    /** Timers of the current key. */
    TimerService timers();

    /** Emits a record on the main output, with the current timestamp. */
    void output(R value);

    /** Emits a record on a side output, with the current timestamp. */
    <X> void output(OutputTag<X> tag, X value);

    /** The index of the subtask running this call, from 0. */
    int subtaskIndex();
  }
}
