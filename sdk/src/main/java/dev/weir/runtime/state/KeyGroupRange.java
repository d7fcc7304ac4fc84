package dev.weir.runtime.state;

/**
 * A contiguous, inclusive range of key groups, the unit in which keyed state is assigned
 * to subtasks and snapshotted.
 *
 * @param start first key group
 * @param end last key group, inclusive ({@code end < start} for an empty range)
 */
public record KeyGroupRange(int start, int end) {

  /** Number of key groups in the range. */
  public int size() {
    return Math.max(0, end - start + 1);
  }

  /** Whether {@code keyGroup} lies in the range. */
  public boolean contains(int keyGroup) {
    return keyGroup >= start && keyGroup <= end;
  }

  @Override
  public String toString() {
    return "[" + start + ".." + end + "]";
  }
}
