package dev.weir.sdk.fn;

/**
 * Combines two values of a key into one, for {@code KeyedPStream.reduce}:
 * {@code keyed.reduce("sum", Long::sum)}.
 *
 * <p>Must be associative; the first value of a key is emitted as it is.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ReduceFn<T> {
  /** Combines the reduced value so far with a new value. */
  T reduce(T accumulated, T value);
}
