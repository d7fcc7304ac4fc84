package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.kafka.internal.source.KafkaPartitionPosition;
import dev.weir.io.kafka.internal.source.KafkaPartitionPositionCoder;
import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Kafka source positions written before they had a named schema (golden files of format
 * {@code kafka-positions-v1}: {@code KV<string, array<long>>} entries holding
 * {@code [partition, offset, maxTimestamp, stopOffset]}) restore into
 * {@link KafkaPartitionPosition}. The README of the golden directory says how they were made.
 */
class KafkaPositionsGoldenFileTest {

  private static final String DIR = "/checkpoint-format/kafka-positions-v1/";
  private static final String JOB = "golden-kafka";
  private static final long CHECKPOINT = 7;
  private static final String STEP = "orders";

  /** The positions of subtask 0 held by {@code positions-0.avro}. */
  static final List<KafkaPartitionPosition> SUBTASK_0 = List.of(
      new KafkaPartitionPosition("orders", 0, 4, 1_700_000_000_004L, -1),
      new KafkaPartitionPosition("orders", 2, 0, Long.MIN_VALUE, -1));
  /** The positions of subtask 1 held by {@code positions-1.avro}. */
  static final List<KafkaPartitionPosition> SUBTASK_1 = List.of(
      new KafkaPartitionPosition("orders", 1, 7, 1_700_000_000_107L, -1),
      new KafkaPartitionPosition("payments", 0, 12, 1_700_000_001_000L, -1));

  static byte[] resource(String name) throws IOException {
    try (InputStream in = KafkaPositionsGoldenFileTest.class.getResourceAsStream(DIR + name)) {
      assertThat(in).as("golden file " + DIR + name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** The golden manifest, with its blobs put back into a store at the locations it names. */
  static RestoredState restoredGolden() throws IOException {
    CheckpointManifest manifest = CheckpointManifestFormat.decode(resource("manifest.avro"));
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    for (int i = 0; i < 2; i++) {
      StateHandle h;
      try (BlobWriter w = store.openBlob(JOB, CHECKPOINT)) {
        w.write(resource("positions-" + i + ".avro"));
        h = w.finish();
      }
      assertThat(h).isEqualTo(manifest.step(STEP).orElseThrow().operatorState().get(i).handle());
    }
    return new RestoredState(manifest, manifest.step(STEP).orElseThrow(), store);
  }

  /** All golden positions, in subtask order. */
  static List<KafkaPartitionPosition> allGoldenPositions() {
    List<KafkaPartitionPosition> all = new ArrayList<>(SUBTASK_0);
    all.addAll(SUBTASK_1);
    return all;
  }

  @Test
  void v1BlobsDecodeIntoTheNamedRecordWithExactValues() throws IOException {
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("positions-0.avro")),
        KafkaPartitionPositionCoder.INSTANCE)).containsExactlyElementsOf(SUBTASK_0);
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("positions-1.avro")),
        KafkaPartitionPositionCoder.INSTANCE)).containsExactlyElementsOf(SUBTASK_1);
  }

  @Test
  void theManifestNamesTheV1WriterSchemaAndTheCoderKnowsItAsAFormerSchema() throws IOException {
    Schema v1 = new Schema.Parser().parse(
        new String(resource("positions.avsc"), StandardCharsets.UTF_8));
    RestoredState restored = restoredGolden();
    List<OperatorStateHandle> handles =
        restored.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS);
    assertThat(handles).hasSize(2);
    for (OperatorStateHandle h : handles) {
      Schema writer = new Schema.Parser().parse(h.schema());
      assertThat(writer).isEqualTo(v1).isNotEqualTo(KafkaPartitionPositionCoder.INSTANCE.schema());
      assertThat(KafkaPartitionPositionCoder.INSTANCE.formerCoder(writer)).isPresent();
    }
    assertThat(KafkaPartitionPositionCoder.INSTANCE.formerCoder(
        KafkaPartitionPositionCoder.INSTANCE.schema())).isEmpty();
  }

  @Test
  void theRestorePathReadsTheGoldenPositionsOfAllSubtasksInOrder() throws IOException {
    RestoredState restored = restoredGolden();
    assertThat(ListOperatorSnapshot.readAll(restored,
        restored.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS),
        KafkaPartitionPositionCoder.INSTANCE)).containsExactlyElementsOf(allGoldenPositions());
  }

  @Test
  void theGoldenJsonShowsTheAnonymousTupleThatTheRecordReplaces() throws IOException {
    String json = new String(resource("positions.json"), StandardCharsets.UTF_8);
    assertThat(json).contains("\"key\" : \"orders\"", "\"value\" : [ 0, 4, 1700000000004, -1 ]")
        .doesNotContain("offset");
    try (DataFileStream<GenericRecord> file = new DataFileStream<>(
        new ByteArrayInputStream(resource("positions-0.avro")), new GenericDatumReader<>())) {
      assertThat(file.getSchema().getFullName()).startsWith("dev.weir.types.KV_");
    }
  }
}
