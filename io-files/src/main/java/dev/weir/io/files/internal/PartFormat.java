package dev.weir.io.files.internal;

import dev.weir.sdk.fn.MapFn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * How a file sink encodes records into one part file: text lines or an Avro object container.
 *
 * @param <T> the record type
 */
public interface PartFormat<T> {

  /** Starts a part file on {@code out} (which counts bytes for rolling). */
  Encoder<T> open(OutputStream out) throws IOException;

  /** Writes the records of one open part file. */
  interface Encoder<T> {
    void write(T value) throws IOException;

    /** Writes out everything buffered (a container's current block) to the stream. */
    void flush() throws IOException;
  }

  /** One line per record, UTF-8, each ended by {@code \n}. */
  static <T> PartFormat<T> text(MapFn<T, String> formatter) {
    return out -> new Encoder<>() {
      @Override
      public void write(T value) throws IOException {
        out.write((formatter.apply(value) + "\n").getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }
    };
  }

  /** An Avro object container file with {@code schema}; bytes reach the file block by block. */
  static PartFormat<GenericRecord> avro(Schema schema) {
    return out -> {
      DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema));
      w.create(schema, out);
      return new Encoder<>() {
        @Override
        public void write(GenericRecord value) throws IOException {
          w.append(value);
        }

        @Override
        public void flush() throws IOException {
          w.flush();
        }
      };
    };
  }
}
