package dev.weir.runtime.task;

/** The producer of this channel has finished; nothing follows. */
public enum EndOfInput implements ChannelEvent {
  INSTANCE
}
