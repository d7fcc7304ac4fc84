package dev.weir.sdk.fn;

/**
 * Turns each record into exactly one record: {@code stream.map("length", String::length)}.
 *
 * @param <T> the input type
 * @param <R> the output type
 */
@FunctionalInterface
public interface MapFn<T, R> {
  /** Maps one record; must not return {@code null}. */
  R apply(T value);
}
