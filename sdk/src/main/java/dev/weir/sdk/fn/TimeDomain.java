package dev.weir.sdk.fn;

/** The clock a timer follows. */
public enum TimeDomain {
  /** The watermark: fires when the watermark passes the timer's timestamp. */
  EVENT_TIME,
  /** The runner's clock: fires when the wall clock passes the timer's timestamp. */
  PROCESSING_TIME
}
