package dev.weir.io.files.internal;

import java.util.Objects;

/**
 * Where an {@code AvroFileSource} reader stands in one file at a checkpoint: one entry of its
 * {@code source-position} state, stored as the Avro record
 * {@code dev.weir.files.AvroFilePosition} ({@link AvroFilePositionCoder}).
 *
 * @param file the file's path relative to the input root
 * @param blockStart the sync position before the block of the next record ({@code 0} before
 *     the first block)
 * @param recordsReadInBlock how many records of that block were emitted
 * @param done whether the file has been read to its end
 */
public record AvroFilePosition(String file, long blockStart, long recordsReadInBlock, boolean done) {

  /** Checks the key is present and the positions are not negative. */
  public AvroFilePosition {
    Objects.requireNonNull(file, "file");
    if (blockStart < 0 || recordsReadInBlock < 0) {
      throw new IllegalArgumentException("a position of file '" + file + "' needs a block start and a"
          + " record count of at least 0, was " + blockStart + " and " + recordsReadInBlock);
    }
  }
}
