package dev.weir.runner.local.internal;

import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.OutputChannel;
import dev.weir.runtime.task.TaskCancelledException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-memory channel between two subtasks: a bounded queue of events (record batches are
 * passed by reference). A full queue blocks the sender: backpressure. The sender wakes the
 * receiver's thread after each event.
 */
public final class LocalChannel implements OutputChannel {
  private final String name;
  private final ArrayBlockingQueue<ChannelEvent> queue;
  private final int capacity;
  private volatile Thread receiver;

  public LocalChannel(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  void bindReceiver(Thread thread) {
    this.receiver = thread;
  }

  /** Nanoseconds the sender waited for room, waits that ended (written by the sender only). */
  private volatile long waitedNanos;
  /** {@code System.nanoTime()} when the sender started waiting for room, or 0. */
  private volatile long waitingSince;

  @Override
  public void send(ChannelEvent event) {
    if (!queue.offer(event)) {
      long start = System.nanoTime();
      waitingSince = start;
      try {
        queue.put(event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TaskCancelledException("sending to " + name);
      } finally {
        waitingSince = 0;
        waitedNanos += System.nanoTime() - start;
      }
    }
    Thread r = receiver;
    if (r != null) {
      LockSupport.unpark(r);
    }
  }

  @Override
  public long backpressuredNanos() {
    long since = waitingSince;
    long waited = waitedNanos;
    return since == 0 ? waited : waited + Math.max(0, System.nanoTime() - since);
  }

  ChannelEvent poll() {
    return queue.poll();
  }

  /** Events queued now. */
  public int queued() {
    return queue.size();
  }

  /** The most events the channel holds. */
  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return name;
  }
}
