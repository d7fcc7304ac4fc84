package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.checkpoint.format.CheckpointManifestFormat;
import dev.weir.runtime.snapshot.ListOperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.runtime.store.memory.InMemoryCheckpointStore;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.junit.jupiter.api.Test;

/**
 * Kafka source positions as checkpoints held them before they had a named schema (format
 * {@code kafka-positions-v1}: {@code KV<string, array<long>>} entries holding
 * {@code [partition, offset, maxTimestamp, stopOffset]}). To write the golden files (only when
 * the README says so), run with {@code -Dweir.golden.write=true}.
 */
class KafkaPositionsGoldenFileTest {

  private static final String DIR = "/checkpoint-format/kafka-positions-v1/";
  private static final String JOB = "golden-kafka";
  private static final long CHECKPOINT = 7;
  private static final String STEP = "orders";

  /** Subtask 0 of a source over topic "orders" (3 partitions) and "payments" (1 partition). */
  static final List<KV<String, List<Long>>> SUBTASK_0 = List.of(
      KV.of("orders", List.of(0L, 4L, 1_700_000_000_004L, -1L)),
      KV.of("orders", List.of(2L, 0L, Long.MIN_VALUE, -1L)));
  /** Subtask 1 of the same source. */
  static final List<KV<String, List<Long>>> SUBTASK_1 = List.of(
      KV.of("orders", List.of(1L, 7L, 1_700_000_000_107L, -1L)),
      KV.of("payments", List.of(0L, 12L, 1_700_000_001_000L, -1L)));

  /** The position coder of a Kafka source reader as this code base has it. */
  @SuppressWarnings("unchecked")
  private static Coder<KV<String, List<Long>>> positionCoder() {
    return (Coder<KV<String, List<Long>>>) KafkaSource.values("localhost:9092", STEP,
        KafkaCoders.UTF8).createReader(context(0)).positionCoder();
  }

  private static SourceContext context(int subtask) {
    return new SourceContext() {
      @Override public String stepName() { return STEP; }
      @Override public int subtaskIndex() { return subtask; }
      @Override public int parallelism() { return 2; }
    };
  }

  /** Writes the golden files into the source tree when asked to. */
  private static void writeGoldenFilesIfAsked() throws IOException {
    if (!Boolean.getBoolean("weir.golden.write")) {
      return;
    }
    Path dir = Path.of("src/test/resources" + DIR);
    Files.createDirectories(dir);
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    SnapshotStorage storage = new SnapshotStorage(store, JOB, CHECKPOINT);
    Coder<KV<String, List<Long>>> coder = positionCoder();
    List<OperatorStateHandle> handles = new ArrayList<>();
    List<List<KV<String, List<Long>>>> subtasks = List.of(SUBTASK_0, SUBTASK_1);
    for (int i = 0; i < subtasks.size(); i++) {
      OperatorStateHandle h = ListOperatorSnapshot.write(storage,
          ListOperatorSnapshot.SOURCE_POSITIONS, i, coder, subtasks.get(i));
      handles.add(h);
      Files.write(dir.resolve("positions-" + i + ".avro"), store.readBlob(h.handle()));
    }
    CheckpointManifest manifest = manifest(handles);
    Files.write(dir.resolve("manifest.avro"), CheckpointManifestFormat.encode(manifest));
    Files.writeString(dir.resolve("positions.avsc"), coder.schema().toString(true) + "\n");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    for (int i = 0; i < subtasks.size(); i++) {
      try (DataFileStream<GenericRecord> file = new DataFileStream<>(
          new ByteArrayInputStream(Files.readAllBytes(dir.resolve("positions-" + i + ".avro"))),
          new GenericDatumReader<>())) {
        JsonEncoder out = EncoderFactory.get().jsonEncoder(file.getSchema(), json, true);
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(file.getSchema());
        for (GenericRecord r : file) {
          writer.write(r, out);
        }
        out.flush();
        json.write('\n');
      }
    }
    Files.write(dir.resolve("positions.json"), json.toByteArray());
  }

  private static CheckpointManifest manifest(List<OperatorStateHandle> handles) {
    return new CheckpointManifest(JOB, CHECKPOINT, 1_700_000_002_000L, "plan-fp-golden", 128,
        false, List.of(new StepSnapshot(STEP, List.of(), handles,
            Map.of(ListOperatorSnapshot.SOURCE_POSITIONS, handles.get(0).schema()))));
  }

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

  @Test
  void goldenBlobsHoldTheV1PositionsAndTheManifestNamesTheirWriterSchema() throws IOException {
    writeGoldenFilesIfAsked();
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("positions-0.avro")),
        positionCoder())).isEqualTo(SUBTASK_0);
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("positions-1.avro")),
        positionCoder())).isEqualTo(SUBTASK_1);
    Schema v1 = new Schema.Parser().parse(new String(resource("positions.avsc"),
        java.nio.charset.StandardCharsets.UTF_8));
    RestoredState restored = restoredGolden();
    for (OperatorStateHandle h : restored.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS)) {
      assertThat(new Schema.Parser().parse(h.schema())).isEqualTo(v1);
    }
  }

  @Test
  void theRestorePathReadsTheGoldenPositionsOfAllSubtasksInOrder() throws IOException {
    RestoredState restored = restoredGolden();
    List<KV<String, List<Long>>> all = new ArrayList<>(SUBTASK_0);
    all.addAll(SUBTASK_1);
    assertThat(ListOperatorSnapshot.readAll(restored,
        restored.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS), positionCoder()))
        .isEqualTo(all);
  }
}
