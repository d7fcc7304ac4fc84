package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads the records of the Avro object container files one subtask owns (file {@code i} of the
 * sorted list, owned by subtask {@code i % parallelism}).
 *
 * <p>Position entry per owned file: an {@link AvroFilePosition} (key, block start, records read
 * in the block, done): the sync position before the block of the next record ({@code 0} before the first block) and how
 * many records of that block were emitted. A restore seeks to the block and skips that many
 * records.
 *
 * <p>A file is read block by block: the block's header (record count, byte size) and its
 * trailing sync marker are checked against the file first, then all its records are decoded
 * before the first is emitted, so a block is either read whole or found bad before any of its
 * records went out. A bad block (corrupt or truncated) fails the job naming the file and the
 * block's byte position, or, with dead letters, goes to {@link DeadLetter#TAG} as one dead
 * letter (its raw bytes up to the next sync marker) in the same {@link #read} call that moves
 * the position to the block after the next sync marker, so each bad block is sent exactly once.
 */
public final class AvroFileReader implements SourceReader<GenericRecord, AvroFilePosition> {
  /** A dead letter carries at most this many bytes of a bad block. */
  static final int MAX_PAYLOAD = 8 << 20;
  private static final int SYNC_SIZE = 16;

  private final InputFiles input;
  private final Schema readerSchema;
  private final boolean deadLetters;
  private final SourceContext context;
  private final List<Split> splits = new ArrayList<>();
  private int current;

  public AvroFileReader(InputFiles input, Schema readerSchema, SourceContext context) {
    this(input, readerSchema, false, context);
  }

  /** @param deadLetters send bad blocks to {@link DeadLetter#TAG} instead of failing */
  public AvroFileReader(InputFiles input, Schema readerSchema, boolean deadLetters, SourceContext context) {
    this.input = input;
    this.readerSchema = readerSchema;
    this.deadLetters = deadLetters;
    this.context = context;
  }

  /** A block that cannot be read, and why. */
  private static final class BadBlock extends Exception {
    private static final long serialVersionUID = 1L;

    BadBlock(String reason, Throwable cause) {
      super(reason, cause, false, false);
    }
  }

  /** One file: where its next record is. */
  private final class Split {
    final Path file;
    final String key;
    long block;
    long inBlock;
    boolean done;
    DataFileReader<GenericRecord> reader;
    RandomAccessFile raw;
    byte[] sync;
    long length;
    /** The decoded records of {@link #block} when {@link #loaded}, and where the next block starts. */
    final List<GenericRecord> records = new ArrayList<>();
    boolean loaded;
    long loadedEnd;
    int next;

    Split(Path file, String key) {
      this.file = file;
      this.key = key;
    }

    String path() {
      return file.toAbsolutePath().toString();
    }

    /** Emits the next record or dead letter of this file; {@code false} when it is finished. */
    boolean step(SourceOutput<GenericRecord> out) {
      if (done) {
        return false;
      }
      if (reader == null) {
        open();
      }
      while (!loaded || next == records.size()) {
        if (loaded) {
          block = loadedEnd;
          inBlock = 0;
          loaded = false;
          records.clear();
        }
        if (block >= length) {
          done = true;
          close();
          return false;
        }
        try {
          load();
        } catch (BadBlock bad) {
          long start = block;
          if (!deadLetters) {
            close();
            throw new WeirException("avro file source: '" + path() + "' has a corrupt block at byte "
                + start + " (" + bad.getMessage() + "); replace the file, remove it from the input, or "
                + "call withDeadLetters() on the source to send unreadable blocks to DeadLetter.TAG",
                bad.getCause());
          }
          long marker = nextSync(start);
          long resume = marker < 0 ? length : marker + SYNC_SIZE;
          long end = marker < 0 ? length : marker;
          byte[] payload = readRange(start, end);
          String reason = bad.getMessage() + "; skipped " + (end - start) + " bytes to the next sync marker"
              + (payload.length < end - start ? " (the payload holds the first " + payload.length + ")" : "");
          block = resume;
          inBlock = 0;
          out.deadLetter(new DeadLetter(context.stepName(), path() + " block at byte " + start, reason,
              payload, Long.MIN_VALUE));
          return true;
        }
        if (inBlock > records.size()) {
          close();
          throw new WeirException("avro file source: the block at byte " + block + " of '" + path() + "' has "
              + records.size() + " records, but the restored checkpoint read " + inBlock + " of them; input "
              + "files must not change while a job reads them");
        }
        next = (int) inBlock;
      }
      inBlock++;
      out.emit(records.get(next++));
      return true;
    }

    private void open() {
      try {
        reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>(null, readerSchema));
        raw = new RandomAccessFile(file.toFile(), "r");
        length = raw.length();
        long dataStart = reader.previousSync();
        sync = new byte[SYNC_SIZE];
        raw.seek(dataStart - SYNC_SIZE);
        raw.readFully(sync);
      } catch (IOException | AvroRuntimeException e) {
        close();
        throw new WeirException("avro file source: '" + path() + "' is not a valid Avro "
            + "object container file (" + e + "); replace the file or remove it from the input", e);
      }
      if (deadLetters) {
        // Otherwise every block would be "bad": a schema mismatch is a mistake in the job.
        SchemaCompatibility.SchemaPairCompatibility c =
            SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, reader.getSchema());
        if (c.getType() == SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE) {
          close();
          throw new WeirException("avro file source: the schema of '" + path() + "' cannot be read as the "
              + "reader schema (" + c.getDescription() + "); fix the reader schema or remove the file from "
              + "the input");
        }
      }
      if (block > length) {
        long b = block;
        close();
        throw new WeirException("avro file source: '" + path() + "' has " + length + " bytes, but the "
            + "restored checkpoint read it up to byte " + b + "; input files must not change while a "
            + "job reads them");
      }
      if (block == 0) {
        block = reader.previousSync();
      }
    }

    /** Decodes the block at {@link #block} into {@link #records}. */
    private void load() throws BadBlock {
      long count;
      long size;
      int header;
      try {
        raw.seek(block);
        byte[] h = new byte[(int) Math.min(20, length - block)];
        raw.readFully(h);
        long[] v = new long[2];
        header = readLongs(h, v);
        count = v[0];
        size = v[1];
      } catch (IOException e) {
        throw new BadBlock("cannot read the block header: " + e, e);
      }
      if (header < 0) {
        throw new BadBlock("the block header (record count, byte size) is malformed or truncated", null);
      }
      if (count <= 0 || size < 0 || size > length - block - header - SYNC_SIZE) {
        throw new BadBlock("the block header says " + count + " records in " + size + " bytes, which "
            + (count <= 0 ? "is not a record count" : "does not fit the " + (length - block)
                + " bytes left in the file"), null);
      }
      byte[] marker = new byte[SYNC_SIZE];
      try {
        raw.seek(block + header + size);
        raw.readFully(marker);
      } catch (IOException e) {
        throw new BadBlock("cannot read the block's sync marker: " + e, e);
      }
      if (!Arrays.equals(marker, sync)) {
        throw new BadBlock("the block does not end with the file's sync marker", null);
      }
      records.clear();
      try {
        // Always seek: it also drops the reader's state of the previous block.
        reader.seek(block);
        if (!reader.hasNext() || reader.getBlockCount() != count) {
          throw new BadBlock("the block could not be loaded", null);
        }
        for (long i = 0; i < count; i++) {
          try {
            records.add(reader.next());
          } catch (RuntimeException e) {
            throw new BadBlock("cannot decode record " + (i + 1) + " of " + count + ": " + e, e);
          }
        }
      } catch (IOException | RuntimeException e) {
        records.clear();
        throw new BadBlock("cannot read the block: " + e, e);
      } catch (BadBlock e) {
        records.clear();
        throw e;
      }
      loadedEnd = block + header + size + SYNC_SIZE;
      loaded = true;
    }

    /** Where the first sync marker at or after {@code from} starts, or -1 if there is none. */
    private long nextSync(long from) {
      try {
        byte[] buf = new byte[1 << 16];
        long pos = from;
        raw.seek(pos);
        int have = 0;
        while (true) {
          int r = raw.read(buf, have, buf.length - have);
          if (r < 0) {
            return -1;
          }
          have += r;
          for (int i = 0; i + SYNC_SIZE <= have; i++) {
            if (Arrays.equals(buf, i, i + SYNC_SIZE, sync, 0, SYNC_SIZE)) {
              return pos + i;
            }
          }
          int keep = Math.min(have, SYNC_SIZE - 1);
          System.arraycopy(buf, have - keep, buf, 0, keep);
          pos += have - keep;
          have = keep;
        }
      } catch (IOException e) {
        close();
        throw new WeirException("avro file source: cannot read '" + path() + "': " + e, e);
      }
    }

    private byte[] readRange(long from, long to) {
      byte[] b = new byte[(int) Math.min(MAX_PAYLOAD, to - from)];
      try {
        raw.seek(from);
        raw.readFully(b);
        return b;
      } catch (IOException e) {
        close();
        throw new WeirException("avro file source: cannot read '" + path() + "': " + e, e);
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
      if (raw != null) {
        try {
          raw.close();
        } catch (IOException ignored) {
          // read-only file
        }
        raw = null;
      }
      loaded = false;
      records.clear();
    }
  }

  /**
   * Reads two zig-zag varint longs (Avro's encoding) from {@code b} into {@code out}; returns
   * the bytes they took, or -1 if they are malformed or {@code b} ends first.
   */
  static int readLongs(byte[] b, long[] out) {
    int p = 0;
    for (int k = 0; k < out.length; k++) {
      long v = 0;
      int shift = 0;
      while (true) {
        if (p >= b.length || shift > 63) {
          return -1;
        }
        int x = b[p++] & 0xff;
        v |= (long) (x & 0x7f) << shift;
        shift += 7;
        if ((x & 0x80) == 0) {
          break;
        }
      }
      out[k] = (v >>> 1) ^ -(v & 1);
    }
    return p;
  }

  @Override
  public Coder<AvroFilePosition> positionCoder() {
    return AvroFilePositionCoder.INSTANCE;
  }

  @Override
  public void open(List<AvroFilePosition> restoredPositions) {
    Map<String, AvroFilePosition> restored = new HashMap<>();
    for (AvroFilePosition p : restoredPositions) {
      restored.put(p.file(), p);
    }
    List<Path> files = input.list();
    for (int i = context.subtaskIndex(); i < files.size(); i += context.parallelism()) {
      Split s = new Split(files.get(i), input.key(files.get(i)));
      AvroFilePosition at = restored.get(s.key);
      if (at != null) {
        s.block = at.blockStart();
        s.inBlock = at.recordsReadInBlock();
        s.done = at.done();
      }
      splits.add(s);
    }
  }

  @Override
  public ReadStatus read(SourceOutput<GenericRecord> output) {
    int n = 0;
    while (n < FileSourceReader.BATCH && current < splits.size()) {
      if (!splits.get(current).step(output)) {
        current++;
        continue;
      }
      n++;
    }
    return current < splits.size() ? ReadStatus.MORE_AVAILABLE : ReadStatus.END_OF_INPUT;
  }

  @Override
  public List<AvroFilePosition> snapshotPositions(long checkpointId) {
    List<AvroFilePosition> out = new ArrayList<>();
    for (Split s : splits) {
      out.add(new AvroFilePosition(s.key, s.block, s.inBlock, s.done));
    }
    return out;
  }

  @Override
  public void close() {
    splits.forEach(Split::close);
  }
}
