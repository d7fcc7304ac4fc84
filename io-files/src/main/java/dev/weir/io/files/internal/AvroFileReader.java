package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the records of the Avro object container files one subtask owns (file {@code i} of the
 * sorted list, owned by subtask {@code i % parallelism}).
 *
 * <p>Position entry per owned file: {@code (key, [blockStart, recordsReadInBlock, done])}: the
 * sync position before the block of the next record and how many records of that block were
 * emitted. A restore seeks to the block and skips that many records.
 */
public final class AvroFileReader implements SourceReader<GenericRecord, KV<String, List<Long>>> {
  private final InputFiles input;
  private final Schema readerSchema;
  private final SourceContext context;
  private final List<Split> splits = new ArrayList<>();
  private int current;

  public AvroFileReader(InputFiles input, Schema readerSchema, SourceContext context) {
    this.input = input;
    this.readerSchema = readerSchema;
    this.context = context;
  }

  /** One file: where its next record is. */
  private final class Split {
    final Path file;
    final String key;
    long block;
    long inBlock;
    boolean done;
    DataFileReader<GenericRecord> reader;

    Split(Path file, String key) {
      this.file = file;
      this.key = key;
    }

    GenericRecord next() {
      if (done) {
        return null;
      }
      try {
        if (reader == null) {
          reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>(null, readerSchema));
          if (block > 0) {
            reader.seek(block);
            for (long i = 0; i < inBlock; i++) {
              reader.next();
            }
          }
        }
        if (!reader.hasNext()) {
          done = true;
          close();
          return null;
        }
        long b = reader.previousSync();
        if (b != block) {
          block = b;
          inBlock = 0;
        }
        GenericRecord r = reader.next();
        inBlock++;
        return r;
      } catch (IOException | AvroRuntimeException e) {
        close();
        throw new WeirException("avro file source: '" + file.toAbsolutePath() + "' is not a valid Avro "
            + "object container file, or its schema does not match the reader schema (" + e + "); "
            + "replace the file or remove it from the input", e);
      }
    }

    void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException ignored) {
          // read-only file
        }
        reader = null;
      }
    }
  }

  @Override
  public Coder<KV<String, List<Long>>> positionCoder() {
    return Types.kv(Types.STRING, Types.list(Types.LONG));
  }

  @Override
  public void open(List<KV<String, List<Long>>> restoredPositions) {
    Map<String, List<Long>> restored = new HashMap<>();
    for (KV<String, List<Long>> e : restoredPositions) {
      restored.put(e.key(), e.value());
    }
    List<Path> files = input.list();
    for (int i = context.subtaskIndex(); i < files.size(); i += context.parallelism()) {
      Split s = new Split(files.get(i), input.key(files.get(i)));
      List<Long> at = restored.get(s.key);
      if (at != null) {
        s.block = at.get(0);
        s.inBlock = at.get(1);
        s.done = at.get(2) != 0;
      }
      splits.add(s);
    }
  }

  @Override
  public ReadStatus read(SourceOutput<GenericRecord> output) {
    int n = 0;
    while (n < FileSourceReader.BATCH && current < splits.size()) {
      GenericRecord r = splits.get(current).next();
      if (r == null) {
        current++;
        continue;
      }
      output.emit(r);
      n++;
    }
    return current < splits.size() ? ReadStatus.MORE_AVAILABLE : ReadStatus.END_OF_INPUT;
  }

  @Override
  public List<KV<String, List<Long>>> snapshotPositions(long checkpointId) {
    List<KV<String, List<Long>>> out = new ArrayList<>();
    for (Split s : splits) {
      out.add(KV.of(s.key, List.of(s.block, s.inBlock, s.done ? 1L : 0L)));
    }
    return out;
  }

  @Override
  public void close() {
    splits.forEach(Split::close);
  }
}
