package dev.weir.runtime.state;

import dev.weir.runtime.serde.ContainerWriter;
import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.Decoder;

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
    // DataFileWriter's default block size, as these blobs were written before.
    try (ContainerWriter file = new ContainerWriter(out, coder.schema(),
        DataFileConstants.DEFAULT_SYNC_INTERVAL)) {
      for (T t : entries) {
        try {
          coder.encode(t, file.encoder());
        } catch (IOException | RuntimeException e) {
          file.abortEntry();
          throw e;
        }
        file.endEntry();
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
