package dev.weir.io.kafka.internal.sink;

import dev.weir.sdk.types.coders.AbstractCoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * {@link KafkaCommittable} as the Avro record {@code dev.weir.kafka.KafkaCommittable}: the
 * records as an array of {@code {key: null|bytes, value: bytes, timestamp: long}}, so standard
 * Avro tools can read a sink's pending output from a checkpoint.
 */
public final class KafkaCommittableCoder extends AbstractCoder<KafkaCommittable> {

  private static final Schema RECORD = SchemaBuilder.record("StagedRecord")
      .namespace("dev.weir.kafka")
      .fields()
      .optionalBytes("key")
      .requiredBytes("value")
      .requiredLong("timestamp")
      .endRecord();

  private static final Schema SCHEMA = SchemaBuilder.record("KafkaCommittable")
      .namespace("dev.weir.kafka")
      .doc("The records of one Kafka sink subtask for one checkpoint, committed in one transaction")
      .fields()
      .requiredString("transactionalId")
      .requiredString("writerId")
      .requiredLong("checkpointId")
      .name("records").type().array().items(RECORD).noDefault()
      .optionalString("topic")
      .endRecord();

  /** The only instance. */
  public static final KafkaCommittableCoder INSTANCE = new KafkaCommittableCoder();

  private KafkaCommittableCoder() {
    super("KAFKA_COMMITTABLE", SCHEMA, List.of());
  }

  @Override
  public void encode(KafkaCommittable c, Encoder out) throws IOException {
    if (c == null) {
      throw nullValue();
    }
    out.writeString(c.transactionalId());
    out.writeString(c.writerId());
    out.writeLong(c.checkpointId());
    out.writeArrayStart();
    out.setItemCount(c.records().size());
    for (StagedRecord r : c.records()) {
      out.startItem();
      // optionalBytes is the union [null, bytes]
      if (r.key() == null) {
        out.writeIndex(0);
        out.writeNull();
      } else {
        out.writeIndex(1);
        out.writeBytes(r.key());
      }
      out.writeBytes(r.value());
      out.writeLong(r.timestamp());
    }
    out.writeArrayEnd();
    if (c.topic() == null) {
      out.writeIndex(0);
      out.writeNull();
    } else {
      out.writeIndex(1);
      out.writeString(c.topic());
    }
  }

  @Override
  public KafkaCommittable decode(Decoder in) throws IOException {
    String txn = in.readString();
    String writer = in.readString();
    long cp = in.readLong();
    List<StagedRecord> records = new ArrayList<>();
    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
      for (long i = 0; i < n; i++) {
        byte[] key = null;
        if (in.readIndex() == 0) {
          in.readNull();
        } else {
          key = bytes(in);
        }
        byte[] value = bytes(in);
        records.add(new StagedRecord(key, value, in.readLong()));
      }
    }
    String topic = null;
    if (in.readIndex() == 0) {
      in.readNull();
    } else {
      topic = in.readString();
    }
    return new KafkaCommittable(txn, writer, cp, records, topic);
  }

  private static byte[] bytes(Decoder in) throws IOException {
    ByteBuffer b = in.readBytes(null);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}
