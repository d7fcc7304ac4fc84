package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.io.kafka.internal.source.KafkaPartitionPosition;
import dev.weir.io.kafka.internal.source.KafkaPartitionPositionCoder;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Kafka source positions as the named Avro record, and the former tuple form. */
class KafkaPartitionPositionCoderTest {

  private static final KafkaPartitionPositionCoder CODER = KafkaPartitionPositionCoder.INSTANCE;
  private static final List<KafkaPartitionPosition> POSITIONS = List.of(
      new KafkaPartitionPosition("orders", 3, 1042, 1_700_000_000_000L, -1),
      new KafkaPartitionPosition("orders", 0, 0, Long.MIN_VALUE, 17));

  private static byte[] blob(List<KafkaPartitionPosition> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ListStateFormat.write(out, CODER, entries);
    return out.toByteArray();
  }

  @Test
  void aNewCheckpointRoundTripsAndItsSchemaIsTheNamedRecord() throws IOException {
    byte[] blob = blob(POSITIONS);
    assertThat(ListStateFormat.read(new ByteArrayInputStream(blob), CODER))
        .containsExactlyElementsOf(POSITIONS);
    try (DataFileStream<GenericRecord> file = new DataFileStream<>(new ByteArrayInputStream(blob),
        new GenericDatumReader<>())) {
      Schema writer = file.getSchema();
      assertThat(writer.getFullName()).isEqualTo("dev.weir.kafka.KafkaPartitionPosition");
      assertThat(writer.getFields()).extracting(Schema.Field::name)
          .containsExactly("topic", "partition", "offset", "maxTimestamp", "stopOffset");
      assertThat(writer.getFields()).allSatisfy(f -> assertThat(f.doc()).isNotBlank());
      GenericRecord first = file.next();
      assertThat(first.get("topic")).hasToString("orders");
      assertThat(first.get("partition")).isEqualTo(3);
      assertThat(first.get("offset")).isEqualTo(1042L);
      assertThat(first.get("stopOffset")).isEqualTo(-1L);
    }
  }

  @Test
  void theByteArrayFormRoundTrips() {
    for (KafkaPartitionPosition p : POSITIONS) {
      assertThat(CODER.decode(CODER.encode(p))).isEqualTo(p);
    }
  }

  @Test
  void aFormerTupleOfTheWrongLengthFailsNamingTheTopicAndWhatToDo() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ListStateFormat.write(out, Types.kv(Types.STRING, Types.list(Types.LONG)),
        List.of(KV.of("orders", List.of(1L, 2L, 3L))));
    assertThatThrownBy(() -> ListStateFormat.read(new ByteArrayInputStream(out.toByteArray()),
        CODER))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("topic 'orders'")
        .hasMessageContaining("[partition, offset, maxTimestamp, stopOffset]")
        .hasMessageContaining("[1, 2, 3]")
        .hasMessageContaining("restore the job from another checkpoint");
  }

  @Test
  void aBlobOfAnotherSchemaIsNotTakenForPositions() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ListStateFormat.write(out, Types.LONG, List.of(5L));
    assertThat(CODER.formerCoder(Types.LONG.schema())).isEmpty();
    assertThatThrownBy(() -> ListStateFormat.read(new ByteArrayInputStream(out.toByteArray()),
        CODER)).hasMessageContaining("long");
  }
}
