package dev.weir.runtime.checkpoint;

/**
 * What happened to one acknowledgement of a checkpoint. Acknowledging never throws for these
 * expected protocol events; the caller logs or ignores them.
 */
public enum AckResult {
  /** The acknowledgement was recorded. */
  ACCEPTED,
  /** The task had already acknowledged this checkpoint; the first payload is kept. */
  DUPLICATE,
  /** The task is not one this checkpoint waits for. */
  UNKNOWN_TASK,
  /** The checkpoint is unknown, aborted or already complete; the payload was not recorded. */
  DISCARDED
}
