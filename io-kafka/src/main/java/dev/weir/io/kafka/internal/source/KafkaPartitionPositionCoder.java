package dev.weir.io.kafka.internal.source;

import dev.weir.sdk.types.coders.AbstractCoder;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.MigratingCoder;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@link KafkaPartitionPosition} as the Avro record {@code dev.weir.kafka.KafkaPartitionPosition}
 * {@code {topic: string, partition: int, offset: long, maxTimestamp: long, stopOffset: long}},
 * so standard Avro tools show a source's checkpointed positions with named fields.
 *
 * <h2>Former schema</h2>
 * Checkpoints written before this record (format {@code kafka-positions-v1}) hold each position
 * as {@code KV<string, array<long>>}: the topic, then {@code [partition, offset, maxTimestamp,
 * stopOffset]}. Avro cannot resolve that array into fields, so this coder names a former coder
 * for that writer schema ({@link MigratingCoder}) that reads it into the record.
 */
public final class KafkaPartitionPositionCoder extends AbstractCoder<KafkaPartitionPosition>
    implements MigratingCoder<KafkaPartitionPosition> {

  private static final Schema SCHEMA = SchemaBuilder.record("KafkaPartitionPosition")
      .namespace("dev.weir.kafka")
      .doc("Where a Kafka source reader stands in one partition at a checkpoint")
      .fields()
      .name("topic").doc("the topic").type().stringType().noDefault()
      .name("partition").doc("the partition of the topic").type().intType().noDefault()
      .name("offset").doc("the offset of the next record to read: the one after the last record"
          + " emitted before the checkpoint").type().longType().noDefault()
      .name("maxTimestamp").doc("the largest record timestamp emitted (epoch ms);"
          + " -9223372036854775808 (Long.MIN_VALUE) if none or without watermarks")
          .type().longType().noDefault()
      .name("stopOffset").doc("bounded reads: the end offset recorded when the read began;"
          + " -1 for unbounded reads").type().longType().noDefault()
      .endRecord();

  /** The only instance. */
  public static final KafkaPartitionPositionCoder INSTANCE = new KafkaPartitionPositionCoder();

  private KafkaPartitionPositionCoder() {
    super("KAFKA_PARTITION_POSITION", SCHEMA, List.of());
  }

  @Override
  public void encode(KafkaPartitionPosition p, Encoder out) throws IOException {
    if (p == null) {
      throw nullValue();
    }
    out.writeString(p.topic());
    out.writeInt(p.partition());
    out.writeLong(p.offset());
    out.writeLong(p.maxTimestamp());
    out.writeLong(p.stopOffset());
  }

  @Override
  public KafkaPartitionPosition decode(Decoder in) throws IOException {
    String topic = in.readString();
    int partition = in.readInt();
    if (partition < 0) {
      throw new CoderException(this + ": a position of topic '" + topic + "' has partition "
          + partition + "; the checkpoint does not hold Kafka source positions");
    }
    return new KafkaPartitionPosition(topic, partition, in.readLong(), in.readLong(),
        in.readLong());
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public Optional<Coder<KafkaPartitionPosition>> formerCoder(Schema writerSchema) {
    return V1Coder.reads(writerSchema) ? Optional.of(V1Coder.INSTANCE) : Optional.empty();
  }

  /**
   * Reads format {@code kafka-positions-v1}: {@code KV<string, array<long>>} holding
   * {@code [partition, offset, maxTimestamp, stopOffset]}. Read only: new checkpoints use the
   * record.
   */
  static final class V1Coder extends AbstractCoder<KafkaPartitionPosition> {
    static final Coder<KV<String, List<Long>>> TUPLE =
        Types.kv(Types.STRING, Types.list(Types.LONG));
    private static final long FINGERPRINT =
        SchemaNormalization.parsingFingerprint64(TUPLE.schema());
    static final V1Coder INSTANCE = new V1Coder();

    private V1Coder() {
      super("KAFKA_PARTITION_POSITION_V1", TUPLE.schema(), List.of());
    }

    /** Whether {@code writerSchema} is the v1 tuple (docs and properties aside). */
    static boolean reads(Schema writerSchema) {
      return SchemaNormalization.parsingFingerprint64(writerSchema) == FINGERPRINT;
    }

    @Override
    public KafkaPartitionPosition decode(Decoder in) throws IOException {
      KV<String, List<Long>> tuple = TUPLE.decode(in);
      List<Long> v = tuple.value();
      if (v.size() != 4 || v.get(0) < 0 || v.get(0) > Integer.MAX_VALUE) {
        throw new CoderException(this + ": the position of topic '" + tuple.key()
            + "' must be [partition, offset, maxTimestamp, stopOffset], found " + v
            + "; the checkpoint does not hold Kafka source positions of format"
            + " kafka-positions-v1: restore the job from another checkpoint");
      }
      return new KafkaPartitionPosition(tuple.key(), v.get(0).intValue(), v.get(1), v.get(2),
          v.get(3));
    }

    @Override
    public void encode(KafkaPartitionPosition p, Encoder out) throws IOException {
      if (p == null) {
        throw nullValue();
      }
      TUPLE.encode(KV.of(p.topic(), List.of((long) p.partition(), p.offset(), p.maxTimestamp(),
          p.stopOffset())), out);
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }
  }
}
