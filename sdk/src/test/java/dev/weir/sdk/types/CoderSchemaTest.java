package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The schemas are standard Avro: they parse back, and plain Avro readers read the bytes. */
class CoderSchemaTest {

  private static Schema reparse(Coder<?> coder) {
    return new Schema.Parser().parse(coder.schema().toString());
  }

  @Test
  void kvSchemaParsesBack() {
    Coder<KV<String, Long>> coder = Types.kv(Types.STRING, Types.LONG);
    Schema parsed = reparse(coder);
    assertThat(parsed).isEqualTo(coder.schema());
    assertThat(parsed.getType()).isEqualTo(Schema.Type.RECORD);
    assertThat(parsed.getFields()).extracting(Schema.Field::name).containsExactly("key", "value");
  }

  @Test
  void kvRecordNameIsGolden() {
    // Part of the persisted format: a change here breaks every existing checkpoint.
    assertThat(Types.kv(Types.STRING, Types.LONG).schema().getFullName())
        .isEqualTo("dev.weir.types.KV_06ff745648377287");
  }

  @Test
  void nestedSchemasParseBackWithDistinctRecordNames() {
    List<Coder<?>> coders =
        List.of(
            Types.kv(Types.STRING, Types.kv(Types.LONG, Types.STRING)),
            Types.list(Types.kv(Types.STRING, Types.list(Types.kv(Types.LONG, Types.STRING)))),
            Types.kv(Types.kv(Types.INT, Types.INT), Types.kv(Types.INT, Types.INT)),
            Types.kv(Types.map(Types.INT, Types.STRING), Types.kv(Types.INT, Types.STRING)),
            Types.map(Types.kv(Types.STRING, Types.INT), Types.map(Types.LONG, Types.STRING)),
            Types.kv(Types.STRING, Types.generic(OrderRecord.SCHEMA$)),
            Types.nullable(
                Types.kv(Types.STRING, Types.nullable(Types.kv(Types.LONG, Types.LONG)))));
    for (Coder<?> coder : coders) {
      assertThat(reparse(coder)).as(coder.toString()).isEqualTo(coder.schema());
    }
    Schema outer = Types.kv(Types.STRING, Types.kv(Types.LONG, Types.STRING)).schema();
    Schema inner = outer.getField("value").schema();
    assertThat(inner.getFullName()).isNotEqualTo(outer.getFullName());
  }

  @Test
  void recordNamesAreDeterministic() {
    assertThat(Types.kv(Types.LONG, Types.kv(Types.STRING, Types.BYTES)).schema().toString())
        .isEqualTo(Types.kv(Types.LONG, Types.kv(Types.STRING, Types.BYTES)).schema().toString());
  }

  @Test
  void plainAvroReaderReadsLongEncoding() throws IOException {
    byte[] bytes = Types.LONG.encode(-123_456_789L);
    GenericDatumReader<Object> reader = new GenericDatumReader<>(Types.LONG.schema());
    Object read = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertThat(read).isEqualTo(-123_456_789L);
  }

  @Test
  void plainAvroReaderReadsKvAsGenericRecordWithStrings() throws IOException {
    Coder<KV<String, Map<String, Long>>> coder =
        Types.kv(Types.STRING, Types.map(Types.STRING, Types.LONG));
    byte[] bytes = coder.encode(KV.of("k", Map.of("m", 2L)));
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(coder.schema());
    GenericRecord read = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertThat(read.get("key")).isEqualTo("k");
    assertThat(read.get("value")).isEqualTo(Map.of("m", 2L));
  }

  @Test
  void plainAvroWriterOutputDecodesWithCoder() throws IOException {
    Coder<KV<String, Long>> coder = Types.kv(Types.STRING, Types.LONG);
    GenericRecord record = new GenericData.Record(coder.schema());
    record.put("key", "avro");
    record.put("value", 42L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(coder.schema()).write(record, encoder);
    encoder.flush();
    assertThat(coder.decode(out.toByteArray())).isEqualTo(KV.of("avro", 42L));
  }
}
