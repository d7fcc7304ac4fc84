package dev.weir.runtime.task;

/**
 * The input channels of one subtask, as the task sees them whatever the transport (memory
 * queues in the local runner, topic partitions in the distributed one). A blocked channel
 * is not read until unblocked: that is how barrier alignment holds back records after a
 * barrier.
 *
 * <p>Used by the task's thread only.
 */
public interface InputGate {

  /** Number of channels, numbered from 0 in the order of the chain's input exchanges. */
  int channelCount();

  /**
   * The next event of an unblocked channel, waiting up to {@code maxWaitNanos} when none is
   * ready; {@code null} when none arrived in time.
   *
   * @throws TaskCancelledException if the task was cancelled while waiting
   */
  ChannelEvent poll(long maxWaitNanos);

  /** The channel of the event last returned by {@link #poll}. */
  int lastChannel();

  /** Stops reading {@code channel} until {@link #unblockAll()}. */
  void block(int channel);

  /** Reads all channels again. */
  void unblockAll();
}
