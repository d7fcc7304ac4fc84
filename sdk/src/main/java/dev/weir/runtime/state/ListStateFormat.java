package dev.weir.runtime.state;

import dev.weir.runtime.serde.ContainerWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.MigratingCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * The on-disk format of a list of operator-state entries (source positions, sink
 * committables, a function's operator state): an Avro object container file whose records
 * are the entries, with the entry coder's schema. A blob written with a former schema of a
 * {@link MigratingCoder} is read with the coder it names for that schema.
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
    try (DataFileStream<T> stream = new DataFileStream<>(in, new EntryReader<>(coder))) {
      while (stream.hasNext()) {
        out.add(stream.next());
      }
    }
    return out;
  }

  /**
   * Reads entries with the coder, or with its former coder when the file's writer schema is a
   * former schema of a {@link MigratingCoder}; the choice is made once the file's header is read.
   */
  private static final class EntryReader<T> implements DatumReader<T> {
    private final Coder<T> coder;
    private CoderDatumReader<T> reader;

    EntryReader(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void setSchema(Schema writer) {
      Coder<T> reading = coder instanceof MigratingCoder<?> migrating
          ? ((MigratingCoder<T>) migrating).formerCoder(writer).orElse(coder) : coder;
      reader = new CoderDatumReader<>(reading.schema()) {
        @Override
        T decode(Decoder d) throws IOException {
          return reading.decode(d);
        }
      };
      reader.setSchema(writer);
    }

    @Override
    public T read(T reuse, Decoder in) throws IOException {
      return reader.read(reuse, in);
    }
  }
}
