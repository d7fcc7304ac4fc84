package dev.weir.runtime.state;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;

/**
 * Reads container-file records with Weir's coders instead of Avro's generic model. When the
 * file's writer schema differs from the schema the coders expect, reads go through a
 * {@link ResolvingDecoder}, so state written by an older compatible schema still restores.
 */
abstract class CoderDatumReader<T> implements DatumReader<T> {
  private final Schema expected;
  private ResolvingDecoder resolving;

  CoderDatumReader(Schema expected) {
    this.expected = expected;
  }

  /**
   * The schema to read a file written with {@code writer} as: {@code expected} by default; a
   * format may widen it (e.g. with branches it skips).
   */
  Schema readerFor(Schema writer) {
    return expected;
  }

  @Override
  public void setSchema(Schema writer) {
    Schema reader = readerFor(writer);
    if (writer.equals(reader)) {
      resolving = null;
    } else {
      try {
        resolving = DecoderFactory.get().resolvingDecoder(
            Schema.applyAliases(writer, reader), reader, null);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read state written with schema " + writer
            + " as " + reader + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public T read(T reuse, Decoder in) throws IOException {
    if (resolving == null) {
      return decode(in);
    }
    resolving.configure(in);
    T value = decode(resolving);
    resolving.drain();
    return value;
  }

  /** Decodes one record laid out as {@code expected}. */
  abstract T decode(Decoder in) throws IOException;
}
