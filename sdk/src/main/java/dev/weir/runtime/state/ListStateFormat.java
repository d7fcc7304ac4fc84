package dev.weir.runtime.state;

import dev.weir.sdk.types.Coder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The on-disk format of a list of operator-state entries (source positions, sink
 * committables, a function's operator state): an Avro object container file whose records
 * are the entries, with the entry coder's schema.
 */
public final class ListStateFormat {
  private ListStateFormat() {
  }

  /** Writes {@code entries} to {@code out}, which stays open. */
  public static <T> void write(OutputStream out, Coder<T> coder, List<T> entries) throws IOException {
    try (DataFileWriter<Object> file = new DataFileWriter<>(new GenericDatumWriter<>(coder.schema()))) {
      file.create(coder.schema(), new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          flush();
        }
      });
      EntryBuffer buffer = new EntryBuffer(128);
      BinaryEncoder encoder = null;
      for (T t : entries) {
        buffer.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        coder.encode(t, encoder);
        encoder.flush();
        file.appendEncoded(buffer.view());
      }
    }
  }

  /** Reads the entries of a blob written by {@link #write}. */
  public static <T> List<T> read(InputStream in, Coder<T> coder) throws IOException {
    List<T> out = new ArrayList<>();
    CoderDatumReader<T> reader = new CoderDatumReader<>(coder.schema()) {
      @Override
      T decode(Decoder d) throws IOException {
        return coder.decode(d);
      }
    };
    try (DataFileStream<T> stream = new DataFileStream<>(in, reader)) {
      while (stream.hasNext()) {
        out.add(stream.next());
      }
    }
    return out;
  }
}
