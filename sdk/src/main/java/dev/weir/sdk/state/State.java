package dev.weir.sdk.state;

/**
 * A handle on one piece of keyed state, scoped to the key being processed.
 *
 * <h2>Threading</h2>
 * Handles are used only on the thread that calls the process function, and only while it
 * runs; do not keep them across calls.
 */
public interface State {
  /** Removes the value of the current key. */
  void clear();
}
