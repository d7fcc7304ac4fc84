package dev.weir.sdk.io;

/** What a call to {@link SourceReader#read} left behind. */
public enum ReadStatus {
  /** More records may be available right away; call again. */
  MORE_AVAILABLE,
  /** Nothing to read now; the runner waits a little before calling again. */
  NOTHING_AVAILABLE,
  /** The reader has no more records, ever. */
  END_OF_INPUT
}
