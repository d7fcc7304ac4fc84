package dev.weir.runtime.state;

/**
 * The arithmetic of key groups: key → key group → subtask, and the range each subtask owns.
 * The same in every process and every run, since checkpoints depend on it.
 */
public final class KeyGroups {
  private KeyGroups() {
  }

  /** The key group of a key whose encoding hashes to {@code hashOfEncoding}. */
  public static int keyGroupOf(int hashOfEncoding, int maxParallelism) {
    return Math.floorMod(hashOfEncoding, maxParallelism);
  }

  /** The subtask that owns {@code keyGroup} at {@code parallelism}. */
  public static int subtaskOf(int keyGroup, int maxParallelism, int parallelism) {
    return (int) ((long) keyGroup * parallelism / maxParallelism);
  }

  /** The key groups subtask {@code subtask} of {@code parallelism} owns. */
  public static KeyGroupRange rangeOf(int subtask, int maxParallelism, int parallelism) {
    int start = (int) (((long) subtask * maxParallelism + parallelism - 1) / parallelism);
    int end = (int) (((long) (subtask + 1) * maxParallelism + parallelism - 1) / parallelism) - 1;
    return new KeyGroupRange(start, end);
  }
}
