package dev.weir.sdk.state;

import java.util.List;

/**
 * A list of values per key.
 *
 * <pre>{@code
 * ListState<String> seen = ctx.state(SEEN);
 * seen.add(value);
 * for (String s : seen.get()) { ... }
 * }</pre>
 *
 * <h2>Checkpointing</h2>
 * Elements are snapshotted by reference: do not mutate an element after adding it.
 *
 * @param <T> the element type
 */
public interface ListState<T> extends State {
  /** The elements of the current key, in insertion order; an unmodifiable view, empty when none. */
  List<T> get();

  /** Appends one element. */
  void add(T value);

  /** Appends all elements. */
  void addAll(Iterable<? extends T> values);

  /** Replaces the elements of the current key; an empty list clears it. */
  void update(List<? extends T> values);
}
