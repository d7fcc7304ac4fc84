package dev.weir.sdk.fn;

import dev.weir.sdk.OutputTag;

/**
 * User logic over an unkeyed stream that may emit any number of records to its main output
 * and to side outputs.
 *
 * <pre>{@code
 * static final OutputTag<String> BAD = OutputTag.of("bad", Types.STRING);
 * PStream<Long> numbers = lines.process("parse", (line, ctx) -> {
 *   try { ctx.output(Long.parseLong(line)); } catch (NumberFormatException e) { ctx.output(BAD, line); }
 * });
 * PStream<String> bad = numbers.sideOutput(BAD);
 * }</pre>
 *
 * @param <T> the input type
 * @param <R> the main output type
 */
@FunctionalInterface
public interface ProcessFn<T, R> {
  /** Processes one record. */
  void processElement(T value, Context<R> ctx);

  /**
   * Outputs of a {@link ProcessFn}.
   *
   * @param <R> the main output type
   */
  interface Context<R> {
    /** The event timestamp of the current record, {@code Long.MIN_VALUE} when it has none. */
    long timestamp();

    /** Emits a record on the main output. */
    void output(R value);

    /** Emits a record on a side output. */
    <X> void output(OutputTag<X> tag, X value);
  }
}
