package dev.weir.sdk.fn;

/**
 * Extracts the key of a record for {@code keyBy}: {@code words.keyBy("byWord", w -> w, Types.STRING)}.
 *
 * <p>Must be deterministic: the same record always gives an equal key, in every process.
 *
 * @param <T> the record type
 * @param <K> the key type
 */
@FunctionalInterface
public interface KeyFn<T, K> {
  /** The key of {@code value}; never {@code null}. */
  K keyOf(T value);
}
