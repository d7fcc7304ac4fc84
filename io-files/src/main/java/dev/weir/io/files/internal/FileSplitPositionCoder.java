package dev.weir.io.files.internal;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.MigratingCoder;
import dev.weir.sdk.types.coders.AbstractCoder;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@link FileSplitPosition} as the Avro record {@code dev.weir.files.FileSplitPosition}
 * {@code {split: string, nextByteOffset: long, linesRead: long, done: boolean}}, so standard
 * Avro tools show a text file source's checkpointed positions with named fields.
 *
 * <h2>Former schema</h2>
 * Checkpoints written before this record (format {@code file-positions-v1}) hold each position
 * as {@code KV<string, array<long>>}: the split, then {@code [nextByteOffset, linesRead, done]}.
 * Avro cannot resolve that array into fields, so this coder names a former coder for that writer
 * schema ({@link MigratingCoder}) that reads it into the record.
 */
public final class FileSplitPositionCoder extends AbstractCoder<FileSplitPosition>
    implements MigratingCoder<FileSplitPosition> {

  private static final Schema SCHEMA = SchemaBuilder.record("FileSplitPosition")
      .namespace("dev.weir.files")
      .doc("Where a text file source reader stands in one split at a checkpoint")
      .fields()
      .name("split").doc("the file's path relative to the input root, or path@start for a byte"
          + " range of a plain file larger than the split size").type().stringType().noDefault()
      .name("nextByteOffset").doc("where the next line starts; for gzip files in the uncompressed"
          + " text (informative only: a restore skips linesRead lines)").type().longType().noDefault()
      .name("linesRead").doc("lines read from the split so far, dead letters included")
          .type().longType().noDefault()
      .name("done").doc("whether the split has been read to its end").type().booleanType().noDefault()
      .endRecord();

  /** The only instance. */
  public static final FileSplitPositionCoder INSTANCE = new FileSplitPositionCoder();

  private FileSplitPositionCoder() {
    super("FILE_SPLIT_POSITION", SCHEMA, List.of());
  }

  @Override
  public void encode(FileSplitPosition p, Encoder out) throws IOException {
    if (p == null) {
      throw nullValue();
    }
    out.writeString(p.split());
    out.writeLong(p.nextByteOffset());
    out.writeLong(p.linesRead());
    out.writeBoolean(p.done());
  }

  @Override
  public FileSplitPosition decode(Decoder in) throws IOException {
    String split = in.readString();
    long offset = in.readLong();
    long lines = in.readLong();
    boolean done = in.readBoolean();
    if (offset < 0 || lines < 0) {
      throw new CoderException(this + ": the position of split '" + split + "' has byte offset "
          + offset + " and line count " + lines + "; the checkpoint does not hold text file positions");
    }
    return new FileSplitPosition(split, offset, lines, done);
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public Optional<Coder<FileSplitPosition>> formerCoder(Schema writerSchema) {
    return PositionTupleV1.isWriterSchema(writerSchema) ? Optional.of(V1Coder.INSTANCE) : Optional.empty();
  }

  /** Reads format {@code file-positions-v1}: {@code (split, [nextByteOffset, linesRead, done])}. */
  static final class V1Coder extends AbstractCoder<FileSplitPosition> {
    static final V1Coder INSTANCE = new V1Coder();

    private V1Coder() {
      super("FILE_SPLIT_POSITION_V1", PositionTupleV1.schema(), List.of());
    }

    @Override
    public FileSplitPosition decode(Decoder in) throws IOException {
      KV<String, List<Long>> t = PositionTupleV1.decode(in, this, "[nextByteOffset, linesRead, done]");
      return new FileSplitPosition(t.key(), t.value().get(0), t.value().get(1), t.value().get(2) == 1);
    }

    @Override
    public void encode(FileSplitPosition p, Encoder out) throws IOException {
      if (p == null) {
        throw nullValue();
      }
      PositionTupleV1.encode(p.split(), p.nextByteOffset(), p.linesRead(), p.done(), out);
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }
  }
}
