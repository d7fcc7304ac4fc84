package dev.weir.runner.local.internal;

import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.InputGate;
import dev.weir.runtime.task.TaskCancelledException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a subtask's {@link LocalChannel}s round robin, skipping blocked ones, and parks the
 * thread when none has an event.
 */
public final class LocalInputGate implements InputGate {
  private final LocalChannel[] channels;
  private final boolean[] blocked;
  private int next;
  private int last = -1;

  public LocalInputGate(List<LocalChannel> channels) {
    this.channels = channels.toArray(new LocalChannel[0]);
    this.blocked = new boolean[this.channels.length];
  }

  /** Makes senders wake {@code thread}; call from the receiving thread before polling. */
  public void bindReceiver(Thread thread) {
    for (LocalChannel c : channels) {
      c.bindReceiver(thread);
    }
  }

  @Override
  public int channelCount() {
    return channels.length;
  }

  @Override
  public ChannelEvent poll(long maxWaitNanos) {
    ChannelEvent e = scan();
    if (e != null || maxWaitNanos <= 0) {
      return e;
    }
    LockSupport.parkNanos(this, maxWaitNanos);
    if (Thread.currentThread().isInterrupted()) {
      throw new TaskCancelledException("waiting for input");
    }
    return scan();
  }

  private ChannelEvent scan() {
    int n = channels.length;
    for (int i = 0; i < n; i++) {
      int c = next + i;
      if (c >= n) {
        c -= n;
      }
      if (blocked[c]) {
        continue;
      }
      ChannelEvent e = channels[c].poll();
      if (e != null) {
        last = c;
        next = c + 1 == n ? 0 : c + 1;
        return e;
      }
    }
    return null;
  }

  @Override
  public int lastChannel() {
    return last;
  }

  @Override
  public void block(int channel) {
    blocked[channel] = true;
  }

  @Override
  public void unblockAll() {
    java.util.Arrays.fill(blocked, false);
  }
}
