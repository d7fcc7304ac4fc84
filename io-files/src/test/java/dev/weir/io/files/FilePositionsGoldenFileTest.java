package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.io.files.internal.AvroFilePosition;
import dev.weir.io.files.internal.AvroFilePositionCoder;
import dev.weir.io.files.internal.FileSplitPosition;
import dev.weir.io.files.internal.FileSplitPositionCoder;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.state.ListStateFormat;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.spi.CheckpointManifestFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * File source positions written before they had named schemas (golden files of format
 * {@code file-positions-v1}: {@code KV<string, array<long>>} entries, {@code (split,
 * [nextByteOffset, linesRead, done])} for {@link FileSource} and {@code (file, [blockStart,
 * recordsReadInBlock, done])} for {@link AvroFileSource}) restore into {@link FileSplitPosition}
 * and {@link AvroFilePosition}, and readers restored from them resume where the readers that
 * wrote them stood. The README of the golden directory says how they were made.
 */
class FilePositionsGoldenFileTest {

  private static final String DIR = "/checkpoint-format/file-positions-v1/";
  private static final String JOB = "golden-files";
  private static final long CHECKPOINT = 9;
  static final String TEXT_STEP = "lines";
  static final String AVRO_STEP = "events";
  /** Split size of the text source: c.txt (200 bytes) is read as two ranges. */
  static final long SPLIT_BYTES = 100;
  static final Schema EVENT = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Event\","
      + " \"namespace\": \"golden\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}");

  static FileSource textSource(Path root) {
    return FileSource.text(root.resolve("input/text")).withSplitSize(SPLIT_BYTES);
  }

  static AvroFileSource avroSource(Path root) {
    return AvroFileSource.generic(root.resolve("input/avro"), EVENT);
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

  /** The positions of text subtask 0 held by {@code text-positions-0.avro}. */
  static final List<FileSplitPosition> TEXT_0 = List.of(
      new FileSplitPosition("a.txt", 50, 10, true),
      new FileSplitPosition("c.txt@0", 25, 5, false));
  /** The positions of text subtask 1 held by {@code text-positions-1.avro}. */
  static final List<FileSplitPosition> TEXT_1 = List.of(
      new FileSplitPosition("b.txt.gz", 35, 7, false),
      new FileSplitPosition("c.txt@100", 100, 0, false));
  /** The positions held by {@code avro-positions-0.avro}. */
  static final List<AvroFilePosition> AVRO_0 = List.of(
      new AvroFilePosition("events-1.avro", 166, 0, true),
      new AvroFilePosition("events-2.avro", 128, 37, false));

  /** The golden directory as a directory on disk (its inputs are read by real readers). */
  static Path goldenDir() throws Exception {
    return Path.of(FilePositionsGoldenFileTest.class.getResource(DIR).toURI());
  }

  private static List<String> resourceLines(String name) throws IOException {
    return new String(resource(name), StandardCharsets.UTF_8).lines().toList();
  }

  @SuppressWarnings("unchecked")
  private static <T, P> List<T> readRestored(dev.weir.sdk.io.Source<T> source, int subtask,
      int parallelism, List<P> restored) throws IOException {
    try (SourceReader<T, P> r = (SourceReader<T, P>) source.createReader(
        Contexts.source(subtask, parallelism))) {
      r.open(restored);
      return Contexts.readAll(r, -1, new ArrayList<>());
    }
  }

  @Test
  void v1BlobsDecodeIntoTheNamedRecordsWithExactValues() throws IOException {
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("text-positions-0.avro")),
        FileSplitPositionCoder.INSTANCE)).containsExactlyElementsOf(TEXT_0);
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("text-positions-1.avro")),
        FileSplitPositionCoder.INSTANCE)).containsExactlyElementsOf(TEXT_1);
    assertThat(ListStateFormat.read(new ByteArrayInputStream(resource("avro-positions-0.avro")),
        AvroFilePositionCoder.INSTANCE)).containsExactlyElementsOf(AVRO_0);
  }

  @Test
  void theManifestNamesTheV1WriterSchemaAndTheCodersKnowItAsAFormerSchema() throws IOException {
    Schema v1 = new Schema.Parser().parse(new String(resource("positions.avsc"), StandardCharsets.UTF_8));
    for (String step : List.of(TEXT_STEP, AVRO_STEP)) {
      List<OperatorStateHandle> handles = restored(step).operatorState(ListOperatorSnapshot.SOURCE_POSITIONS);
      assertThat(handles).hasSize(step.equals(TEXT_STEP) ? 2 : 1);
      for (OperatorStateHandle h : handles) {
        assertThat(new Schema.Parser().parse(h.schema())).isEqualTo(v1);
      }
    }
    assertThat(FileSplitPositionCoder.INSTANCE.schema()).isNotEqualTo(v1);
    assertThat(AvroFilePositionCoder.INSTANCE.schema()).isNotEqualTo(v1);
    assertThat(FileSplitPositionCoder.INSTANCE.formerCoder(v1)).isPresent();
    assertThat(AvroFilePositionCoder.INSTANCE.formerCoder(v1)).isPresent();
    assertThat(FileSplitPositionCoder.INSTANCE.formerCoder(FileSplitPositionCoder.INSTANCE.schema())).isEmpty();
    assertThat(AvroFilePositionCoder.INSTANCE.formerCoder(AvroFilePositionCoder.INSTANCE.schema())).isEmpty();
  }

  @Test
  void theRestorePathReadsTheGoldenPositionsOfAllSubtasksInOrder() throws IOException {
    RestoredState text = restored(TEXT_STEP);
    List<FileSplitPosition> allText = new ArrayList<>(TEXT_0);
    allText.addAll(TEXT_1);
    assertThat(ListOperatorSnapshot.readAll(text, text.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS),
        FileSplitPositionCoder.INSTANCE)).containsExactlyElementsOf(allText);
    RestoredState avro = restored(AVRO_STEP);
    assertThat(ListOperatorSnapshot.readAll(avro, avro.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS),
        AvroFilePositionCoder.INSTANCE)).containsExactlyElementsOf(AVRO_0);
  }

  @Test
  void readersRestoredFromTheGoldenPositionsEmitExactlyWhatTheWritersHadNotYetEmitted() throws Exception {
    Path root = goldenDir();
    RestoredState text = restored(TEXT_STEP);
    List<FileSplitPosition> textPositions = ListOperatorSnapshot.readAll(text,
        text.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS), FileSplitPositionCoder.INSTANCE);
    List<String> textRest = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      textRest.addAll(readRestored(textSource(root), subtask, 2, textPositions));
    }
    assertThat(textRest).containsExactlyElementsOf(resourceLines("text-rest.txt"));
    for (int parallelism : new int[] {1, 3}) {
      List<String> rescaled = new ArrayList<>();
      for (int subtask = 0; subtask < parallelism; subtask++) {
        rescaled.addAll(readRestored(textSource(root), subtask, parallelism, textPositions));
      }
      assertThat(rescaled).as("restored at parallelism " + parallelism)
          .containsExactlyInAnyOrderElementsOf(resourceLines("text-rest.txt"));
    }

    RestoredState avro = restored(AVRO_STEP);
    List<AvroFilePosition> avroPositions = ListOperatorSnapshot.readAll(avro,
        avro.operatorState(ListOperatorSnapshot.SOURCE_POSITIONS), AvroFilePositionCoder.INSTANCE);
    List<GenericRecord> events = readRestored(avroSource(root), 0, 1, avroPositions);
    assertThat(events.stream().map(e -> e.get("id").toString()).toList())
        .containsExactlyElementsOf(resourceLines("avro-rest.txt"));
  }

  @Test
  void newCheckpointsWriteTheNamedRecords() throws Exception {
    Path root = goldenDir();
    assertThat(textSource(root).createReader(Contexts.source(0, 1)).positionCoder().schema().getFullName())
        .isEqualTo("dev.weir.files.FileSplitPosition");
    assertThat(avroSource(root).createReader(Contexts.source(0, 1)).positionCoder().schema().getFullName())
        .isEqualTo("dev.weir.files.AvroFilePosition");
  }

  @Test
  void theGoldenJsonShowsTheAnonymousTupleThatTheRecordsReplace() throws IOException {
    String json = new String(resource("positions.json"), StandardCharsets.UTF_8);
    assertThat(json).contains("\"key\" : \"c.txt@0\"", "\"value\" : [ 25, 5, 0 ]")
        .doesNotContain("linesRead");
    try (DataFileStream<GenericRecord> file = new DataFileStream<>(
        new ByteArrayInputStream(resource("text-positions-0.avro")), new GenericDatumReader<>())) {
      assertThat(file.getSchema().getFullName()).startsWith("dev.weir.types.KV_");
    }
  }
}
