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

  /**
   * Nanoseconds a sender has waited in {@link #send} for room in this channel so far,
   * including a wait in progress: the measure of backpressure. Channels that do not measure
   * it return 0.
   */
  default long backpressuredNanos() {
    return 0;
  }
}
