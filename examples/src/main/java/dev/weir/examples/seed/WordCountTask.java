package dev.weir.examples.seed;

import dev.weir.sdk.fn.OperatorStateFn;
import dev.weir.sdk.fn.ProcessFn;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The word count of the article Weir grew from, in Weir: a Samza-style task whose whole
 * state is one map of counts, handed to the checkpoint when the barrier passes
 * ({@code snapshot()}, Samza's {@code checkpoint(listener)}) and taken back after a failure
 * ({@code restore(state)}).
 *
 * <p>Unlike Samza's timer-driven, per-task, at-least-once commits, Weir snapshots every
 * task at the same aligned barrier, so after a crash the counts and the output are
 * exactly-once.
 */
public final class WordCountTask extends OperatorStateFn<String, KV<String, Long>, Map<String, Long>> {
  private Map<String, Long> wordCounts;

  @Override
  public Coder<Map<String, Long>> stateCoder() {
    return Types.map(Types.STRING, Types.LONG);
  }

  @Override
  public Map<String, Long> initialState() {
    return new HashMap<>();
  }

  @Override
  public void restore(Map<String, Long> state) {
    wordCounts = new HashMap<>(state);
  }

  @Override
  public Map<String, Long> snapshot() {
    return new HashMap<>(wordCounts);
  }

  @Override
  public void processElement(String word, ProcessFn.Context<KV<String, Long>> ctx) {
    ctx.output(KV.of(word, wordCounts.merge(word, 1L, Long::sum)));
  }

  /** Maps of different old subtasks hold different words (the input was keyed): union them. */
  @Override
  public Map<String, Long> merge(List<Map<String, Long>> states) {
    Map<String, Long> all = new HashMap<>();
    states.forEach(s -> s.forEach((w, c) -> all.merge(w, c, Long::sum)));
    return all;
  }
}
