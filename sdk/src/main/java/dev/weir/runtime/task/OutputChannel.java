package dev.weir.runtime.task;

/**
 * The sending end of one channel to one downstream subtask. {@link #send} blocks while the
 * channel is full: backpressure.
 */
public interface OutputChannel {
  /**
   * Hands {@code event} to the channel; the caller must not touch it afterwards.
   *
   * @throws TaskCancelledException if the task was cancelled while waiting for space
   */
  void send(ChannelEvent event);
}
