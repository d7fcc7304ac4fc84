package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.junit.jupiter.api.Test;

/**
 * File source positions as checkpoints hold them before they have named schemas (format
 * {@code file-positions-v1}: {@code KV<string, array<long>>} entries, {@code (split,
 * [nextByteOffset, linesRead, done])} for {@link FileSource} and {@code (file, [blockStart,
 * recordsReadInBlock, done])} for {@link AvroFileSource}). To write the golden files (only when
 * the README says so), run with {@code -Dweir.golden.write=true}.
 */
class FilePositionsGoldenFileTest {

  private static final String DIR = "/checkpoint-format/file-positions-v1/";
  private static final String JOB = "golden-files";
  private static final long CHECKPOINT = 9;
  static final String TEXT_STEP = "lines";
  static final String AVRO_STEP = "events";
  /** Split size of the text source: c.txt (200 bytes) is read as two ranges. */
  static final long SPLIT_BYTES = 100;
  /** Records each text subtask had emitted at the checkpoint. */
  static final int[] TEXT_READ = {15, 7};
  /** Records the Avro subtask had emitted at the checkpoint. */
  static final int AVRO_READ = 57;
  static final Schema EVENT = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Event\","
      + " \"namespace\": \"golden\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}");

  static FileSource textSource(Path root) {
    return FileSource.text(root.resolve("input/text")).withSplitSize(SPLIT_BYTES);
  }

  static AvroFileSource avroSource(Path root) {
    return AvroFileSource.generic(root.resolve("input/avro"), EVENT);
  }

  private static List<String> lines(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(String.format("%s-%02d", prefix, i));
    }
    return out;
  }

  private static void writeAvro(Path file, long first, int n) throws IOException {
    Files.createDirectories(file.getParent());
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(EVENT))) {
      w.setSyncInterval(64); // many small blocks, so the checkpoint is inside one
      w.create(EVENT, file.toFile());
      for (long i = first; i < first + n; i++) {
        GenericRecord r = new GenericData.Record(EVENT);
        r.put("id", i);
        w.append(r);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> SourceReader<T, Object> reader(dev.weir.sdk.io.Source<T> source, int subtask,
      int parallelism, List<Object> restored) throws IOException {
    SourceReader<T, Object> r = (SourceReader<T, Object>) source.createReader(
        Contexts.source(subtask, parallelism));
    r.open(restored);
    return r;
  }

  /** Writes the golden files into the source tree when asked to. */
  private static void writeGoldenFilesIfAsked() throws IOException {
    if (!Boolean.getBoolean("weir.golden.write")) {
      return;
    }
    Path dir = Path.of("src/test/resources" + DIR);
    FileSourceTest.write(dir.resolve("input/text/a.txt"), lines("a", 10));
    FileSourceTest.write(dir.resolve("input/text/b.txt.gz"), lines("b", 30));
    FileSourceTest.write(dir.resolve("input/text/c.txt"), lines("c", 40));
    writeAvro(dir.resolve("input/avro/events-1.avro"), 0, 20);
    writeAvro(dir.resolve("input/avro/events-2.avro"), 20, 100);

    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    SnapshotStorage storage = new SnapshotStorage(store, JOB, CHECKPOINT);
    List<OperatorStateHandle> textHandles = new ArrayList<>();
    StringBuilder textRest = new StringBuilder();
    Schema writer = null;
    for (int subtask = 0; subtask < TEXT_READ.length; subtask++) {
      List<Object> snapshot = new ArrayList<>();
      List<String> got;
      Coder<Object> coder;
      try (SourceReader<String, Object> r = reader(textSource(dir), subtask, 2, List.of())) {
        coder = positionCoder(r);
        got = Contexts.readAll(r, TEXT_READ[subtask], snapshot);
      }
      got.subList(TEXT_READ[subtask], got.size()).forEach(l -> textRest.append(l).append('\n'));
      OperatorStateHandle h = ListOperatorSnapshot.write(storage,
          ListOperatorSnapshot.SOURCE_POSITIONS, subtask, coder, snapshot);
      textHandles.add(h);
      Files.write(dir.resolve("text-positions-" + subtask + ".avro"), store.readBlob(h.handle()));
      writer = coder.schema();
    }
    Files.writeString(dir.resolve("text-rest.txt"), textRest.toString());

    List<Object> snapshot = new ArrayList<>();
    List<GenericRecord> got;
    Coder<Object> coder;
    try (SourceReader<GenericRecord, Object> r = reader(avroSource(dir), 0, 1, List.of())) {
      coder = positionCoder(r);
      got = Contexts.readAll(r, AVRO_READ, snapshot);
    }
    StringBuilder avroRest = new StringBuilder();
    got.subList(AVRO_READ, got.size()).forEach(e -> avroRest.append(e.get("id")).append('\n'));
    Files.writeString(dir.resolve("avro-rest.txt"), avroRest.toString());
    OperatorStateHandle avroHandle = ListOperatorSnapshot.write(storage,
        ListOperatorSnapshot.SOURCE_POSITIONS, 0, coder, snapshot);
    Files.write(dir.resolve("avro-positions-0.avro"), store.readBlob(avroHandle.handle()));
    assertThat(coder.schema()).isEqualTo(writer);

    CheckpointManifest manifest = new CheckpointManifest(JOB, CHECKPOINT, 1_700_000_009_000L,
        "plan-fp-golden", 128, false, List.of(
            new StepSnapshot(TEXT_STEP, List.of(), textHandles,
                Map.of(ListOperatorSnapshot.SOURCE_POSITIONS, textHandles.get(0).schema())),
            new StepSnapshot(AVRO_STEP, List.of(), List.of(avroHandle),
                Map.of(ListOperatorSnapshot.SOURCE_POSITIONS, avroHandle.schema()))));
    Files.write(dir.resolve("manifest.avro"), CheckpointManifestFormat.encode(manifest));
    Files.writeString(dir.resolve("positions.avsc"), writer.toString(true) + "\n");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    for (String blob : List.of("text-positions-0.avro", "text-positions-1.avro", "avro-positions-0.avro")) {
      try (DataFileStream<GenericRecord> file = new DataFileStream<>(
          new ByteArrayInputStream(Files.readAllBytes(dir.resolve(blob))), new GenericDatumReader<>())) {
        json.write(("// " + blob + "\n").getBytes(StandardCharsets.UTF_8));
        JsonEncoder out = EncoderFactory.get().jsonEncoder(file.getSchema(), json, true);
        GenericDatumWriter<GenericRecord> w = new GenericDatumWriter<>(file.getSchema());
        for (GenericRecord r : file) {
          w.write(r, out);
        }
        out.flush();
        json.write('\n');
      }
    }
    Files.write(dir.resolve("positions.json"), json.toByteArray());
  }

  @SuppressWarnings("unchecked")
  private static Coder<Object> positionCoder(SourceReader<?, ?> reader) {
    return (Coder<Object>) reader.positionCoder();
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = FilePositionsGoldenFileTest.class.getResourceAsStream(DIR + name)) {
      assertThat(in).as("golden file " + DIR + name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** The golden manifest, with its blobs put back into a store in the order they were written. */
  static CheckpointManifest restoredManifest(InMemoryCheckpointStore store) throws IOException {
    CheckpointManifest manifest = CheckpointManifestFormat.decode(resource("manifest.avro"));
    List<String> blobs = List.of("text-positions-0.avro", "text-positions-1.avro", "avro-positions-0.avro");
    List<OperatorStateHandle> handles = new ArrayList<>(manifest.step(TEXT_STEP).orElseThrow().operatorState());
    handles.addAll(manifest.step(AVRO_STEP).orElseThrow().operatorState());
    for (int i = 0; i < blobs.size(); i++) {
      StateHandle h;
      try (BlobWriter w = store.openBlob(JOB, CHECKPOINT)) {
        w.write(resource(blobs.get(i)));
        h = w.finish();
      }
      assertThat(h).isEqualTo(handles.get(i).handle());
    }
    return manifest;
  }

  static RestoredState restored(String step) throws IOException {
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    CheckpointManifest manifest = restoredManifest(store);
    return new RestoredState(manifest, manifest.step(step).orElseThrow(), store);
  }

  @Test
  void goldenBlobsHoldTheV1PositionsAndTheManifestNamesTheirWriterSchema() throws IOException {
    writeGoldenFilesIfAsked();
    Schema v1 = new Schema.Parser().parse(new String(resource("positions.avsc"), StandardCharsets.UTF_8));
    for (String step : List.of(TEXT_STEP, AVRO_STEP)) {
      for (OperatorStateHandle h : restored(step).operatorState(ListOperatorSnapshot.SOURCE_POSITIONS)) {
        assertThat(new Schema.Parser().parse(h.schema())).isEqualTo(v1);
      }
    }
    List<?> text = ListStateFormat.read(new ByteArrayInputStream(resource("text-positions-0.avro")),
        positionCoder(textSource(Path.of(".")).createReader(Contexts.source(0, 2))));
    assertThat(text).first().isInstanceOf(KV.class);
  }
}
