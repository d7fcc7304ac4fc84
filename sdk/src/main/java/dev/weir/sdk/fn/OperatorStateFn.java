package dev.weir.sdk.fn;

import dev.weir.sdk.types.Coder;
import java.util.List;

/**
 * A function with per-subtask operator state: one Avro-coded object per subtask, with
 * explicit checkpoint hooks, the way Samza's {@code StreamTask} does it
 * ({@code checkpoint(listener)} / {@code restore(state)}). Each subtask gets its own
 * instance from the factory passed to {@code PStream.processStateful}.
 *
 * <pre>{@code
 * class WordCountTask extends OperatorStateFn<String, KV<String, Long>, Map<String, Long>> {
 *   private Map<String, Long> counts;
 *
 *   public Coder<Map<String, Long>> stateCoder() { return Types.map(Types.STRING, Types.LONG); }
 *   public Map<String, Long> initialState() { return new HashMap<>(); }
 *   public void restore(Map<String, Long> state) { counts = new HashMap<>(state); }
 *   public Map<String, Long> snapshot() { return new HashMap<>(counts); }
 *   public void processElement(String word, ProcessFn.Context<KV<String, Long>> ctx) {
 *     ctx.output(KV.of(word, counts.merge(word, 1L, Long::sum)));
 *   }
 * }
 * }</pre>
 *
 * <h2>Checkpointing</h2>
 * When the barrier passes, the runner calls {@link #snapshot()} on the subtask's thread and
 * encodes the returned object later, off that thread: return a copy or an immutable value,
 * never an object the function changes afterwards. After a failure (and when a job resumes
 * from a checkpoint) the runner calls {@link #restore} with the state of the checkpoint
 * before the first record; on a fresh start it calls {@code restore(initialState())}.
 *
 * <h2>Rescaling</h2>
 * Operator state is not partitioned by key: when a job restores at another parallelism the
 * subtasks' states are handed out as a list, by {@link #redistribution()}: {@code SPLIT}
 * gives old state {@code j} to new subtask {@code j % p}, {@code UNION} gives every state to
 * every subtask. A subtask that receives several states restores {@link #merge} of them; one
 * that receives none restores {@code initialState()}. Use keyed state for data that must
 * follow its key.
 *
 * <h2>Threading</h2>
 * One instance per subtask, called from that subtask's thread only.
 *
 * @param <T> the input type
 * @param <R> the output type
 * @param <S> the state type
 */
public abstract class OperatorStateFn<T, R, S> {

  /** How states are handed out when a job restores at another parallelism. */
  public enum Redistribution {
    /** Old state {@code j} goes to new subtask {@code j % parallelism}. */
    SPLIT,
    /** Every new subtask receives every old state. */
    UNION
  }

  /** The coder of the state; the state is written to checkpoints with it. */
  public abstract Coder<S> stateCoder();

  /** The state of a subtask that starts without a checkpoint. */
  public abstract S initialState();

  /** Takes over {@code state}; called once before the first record. */
  public abstract void restore(S state);

  /** The state to checkpoint now; an object the function will not change afterwards. */
  public abstract S snapshot();

  /** Processes one record. */
  public abstract void processElement(T value, ProcessFn.Context<R> ctx);

  /** How states are redistributed on rescale; {@code SPLIT} by default. */
  public Redistribution redistribution() {
    return Redistribution.SPLIT;
  }

  /**
   * Combines the states a subtask receives when a job restores at a lower parallelism (or
   * with {@code UNION}). Unsupported by default.
   */
  public S merge(List<S> states) {
    throw new UnsupportedOperationException(getClass().getName() + " received " + states.size()
        + " states on restore at a new parallelism; override merge() to combine them");
  }
}
