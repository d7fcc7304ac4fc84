package dev.weir.sdk.fn;

/**
 * Keeps the records for which it returns {@code true}:
 * {@code words.filter("nonEmpty", w -> !w.isEmpty())}.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface FilterFn<T> {
  /** Whether to keep {@code value}. */
  boolean test(T value);
}
