package dev.weir.sdk.time;

import java.util.List;
import java.util.function.Consumer;

/**
 * User logic over all records of one window of one key, called when the window fires.
 *
 * <pre>{@code
 * ProcessWindowFn<String, View, String> topItem = (ctx, views, out) ->
 *     out.accept(ctx.key() + " [" + ctx.start() + "," + ctx.end() + ") " + views.size() + " views");
 * PStream<String> summary = byUser.window(WindowSpec.session(Duration.ofMinutes(30)))
 *     .process("summary", topItem);
 * }</pre>
 *
 * <p>The window's records are kept in keyed state (encoded with the input stream's coder)
 * until the window is cleaned up, so prefer {@code aggregate} when a running accumulator
 * suffices.
 *
 * @param <K> the key type
 * @param <T> the record type
 * @param <R> the output type
 */
@FunctionalInterface
public interface ProcessWindowFn<K, T, R> {

  /** Processes the records of a firing window, in arrival order; emits with {@code out}. */
  void process(Context<K> ctx, List<T> elements, Consumer<R> out);

  /**
   * The window that fires.
   *
   * @param <K> the key type
   */
  interface Context<K> {
    K key();

    /** The window's start (inclusive). */
    long start();

    /** The window's end (exclusive). */
    long end();

    /** How many times this window fired before. */
    int pane();

    /** Why the window fires. */
    WindowResult.Timing timing();
  }
}
