package dev.weir.runtime.task;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The only way other threads reach a running task: they post actions, the task thread runs them
 * between batches ({@link #runAll}), so operators and state are touched by one thread only.
 * Posting wakes the task thread when it is parked waiting for input. Thread-safe.
 */
final class Mailbox {

  private final ConcurrentLinkedQueue<Runnable> mail = new ConcurrentLinkedQueue<>();
  private volatile Thread owner;

  /** Called by the task thread when it starts: posts from now on wake it. */
  void bindToCurrentThread() {
    owner = Thread.currentThread();
  }

  /** Queues {@code action} for the task thread and wakes it. */
  void post(Runnable action) {
    mail.add(action);
    wake();
  }

  /** Wakes the task thread if it is parked (a state change it should see now). */
  void wake() {
    Thread t = owner;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  boolean isEmpty() {
    return mail.isEmpty();
  }

  /** Runs every queued action, in order; task thread only. */
  void runAll() {
    Runnable r;
    while ((r = mail.poll()) != null) {
      r.run();
    }
  }
}
