package dev.weir.io.files.internal;

import java.util.Objects;

/**
 * Where a {@code FileSource} reader stands in one split at a checkpoint: one entry of its
 * {@code source-position} state, stored as the Avro record
 * {@code dev.weir.files.FileSplitPosition} ({@link FileSplitPositionCoder}).
 *
 * @param split the split's key: the file's path relative to the input root, or
 *     {@code path@start} for a byte range of a plain file larger than the split size
 * @param nextByteOffset where the next line starts; for gzip files, in the uncompressed text
 *     (only informative: a restore re-reads and skips {@code linesRead} lines)
 * @param linesRead lines read from the split so far (emitted or sent to the dead letters)
 * @param done whether the split has been read to its end
 */
public record FileSplitPosition(String split, long nextByteOffset, long linesRead, boolean done) {

  /** Checks the key is present and the counts are not negative. */
  public FileSplitPosition {
    Objects.requireNonNull(split, "split");
    if (nextByteOffset < 0 || linesRead < 0) {
      throw new IllegalArgumentException("a position of split '" + split + "' needs a byte offset and a"
          + " line count of at least 0, was " + nextByteOffset + " and " + linesRead);
    }
  }
}
