package dev.weir.sdk.state;

/**
 * One value per key.
 *
 * <pre>{@code
 * ValueState<Long> count = ctx.state(COUNT);
 * count.update(count.valueOr(0L) + 1);
 * }</pre>
 *
 * <h2>Checkpointing</h2>
 * Values are snapshotted by reference and encoded later, off the processing thread: never
 * mutate an object after passing it to {@link #update}; update with a new object instead.
 *
 * @param <T> the value type
 */
public interface ValueState<T> extends State {
  /** The value of the current key, or {@code null} when it has none. */
  T value();

  /** The value of the current key, or {@code defaultValue} when it has none. */
  default T valueOr(T defaultValue) {
    T v = value();
    return v == null ? defaultValue : v;
  }

  /** Sets the value of the current key; {@code null} clears it. */
  void update(T value);
}
