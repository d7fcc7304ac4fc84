package dev.weir.console;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition by checking it every 25 ms, up to a deadline. */
final class Await {
  private Await() {
  }

  /** Returns the first non-null value {@code probe} gives; fails naming {@code what} at the deadline. */
  static <T> T until(String what, Duration timeout, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.call();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
      }
      Thread.sleep(25);
    }
  }
}
