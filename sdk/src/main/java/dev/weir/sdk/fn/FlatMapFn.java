package dev.weir.sdk.fn;

/**
 * Turns each record into zero or more records:
 * {@code lines.flatMap("split", l -> List.of(l.split(" ")))}.
 *
 * @param <T> the input type
 * @param <R> the output type
 */
@FunctionalInterface
public interface FlatMapFn<T, R> {
  /** Returns the records {@code value} maps to, in order; never {@code null}. */
  Iterable<R> apply(T value);
}
