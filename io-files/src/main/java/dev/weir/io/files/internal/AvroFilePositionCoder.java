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
 * {@link AvroFilePosition} as the Avro record {@code dev.weir.files.AvroFilePosition}
 * {@code {file: string, blockStart: long, recordsReadInBlock: long, done: boolean}}, so standard
 * Avro tools show an Avro file source's checkpointed positions with named fields.
 *
 * <h2>Former schema</h2>
 * Checkpoints written before this record (format {@code file-positions-v1}) hold each position
 * as {@code KV<string, array<long>>}: the file, then {@code [blockStart, recordsReadInBlock,
 * done]}. Avro cannot resolve that array into fields, so this coder names a former coder for that
 * writer schema ({@link MigratingCoder}) that reads it into the record.
 */
public final class AvroFilePositionCoder extends AbstractCoder<AvroFilePosition>
    implements MigratingCoder<AvroFilePosition> {

  private static final Schema SCHEMA = SchemaBuilder.record("AvroFilePosition")
      .namespace("dev.weir.files")
      .doc("Where an Avro file source reader stands in one file at a checkpoint")
      .fields()
      .name("file").doc("the file's path relative to the input root").type().stringType().noDefault()
      .name("blockStart").doc("the sync position before the block of the next record;"
          + " 0 before the first block").type().longType().noDefault()
      .name("recordsReadInBlock").doc("how many records of that block were emitted")
          .type().longType().noDefault()
      .name("done").doc("whether the file has been read to its end").type().booleanType().noDefault()
      .endRecord();

  /** The only instance. */
  public static final AvroFilePositionCoder INSTANCE = new AvroFilePositionCoder();

  private AvroFilePositionCoder() {
    super("AVRO_FILE_POSITION", SCHEMA, List.of());
  }

  @Override
  public void encode(AvroFilePosition p, Encoder out) throws IOException {
    if (p == null) {
      throw nullValue();
    }
    out.writeString(p.file());
    out.writeLong(p.blockStart());
    out.writeLong(p.recordsReadInBlock());
    out.writeBoolean(p.done());
  }

  @Override
  public AvroFilePosition decode(Decoder in) throws IOException {
    String file = in.readString();
    long block = in.readLong();
    long records = in.readLong();
    boolean done = in.readBoolean();
    if (block < 0 || records < 0) {
      throw new CoderException(this + ": the position of file '" + file + "' has block start "
          + block + " and record count " + records + "; the checkpoint does not hold Avro file positions");
    }
    return new AvroFilePosition(file, block, records, done);
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public Optional<Coder<AvroFilePosition>> formerCoder(Schema writerSchema) {
    return PositionTupleV1.isWriterSchema(writerSchema) ? Optional.of(V1Coder.INSTANCE) : Optional.empty();
  }

  /** Reads format {@code file-positions-v1}: {@code (file, [blockStart, recordsReadInBlock, done])}. */
  static final class V1Coder extends AbstractCoder<AvroFilePosition> {
    static final V1Coder INSTANCE = new V1Coder();

    private V1Coder() {
      super("AVRO_FILE_POSITION_V1", PositionTupleV1.schema(), List.of());
    }

    @Override
    public AvroFilePosition decode(Decoder in) throws IOException {
      KV<String, List<Long>> t = PositionTupleV1.decode(in, this, "[blockStart, recordsReadInBlock, done]");
      return new AvroFilePosition(t.key(), t.value().get(0), t.value().get(1), t.value().get(2) == 1);
    }

    @Override
    public void encode(AvroFilePosition p, Encoder out) throws IOException {
      if (p == null) {
        throw nullValue();
      }
      PositionTupleV1.encode(p.file(), p.blockStart(), p.recordsReadInBlock(), p.done(), out);
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }
  }
}
