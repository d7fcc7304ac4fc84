package dev.weir.runtime.checkpoint.format;

import dev.weir.sdk.spi.CheckpointManifestFormat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.checkpoint.SampleManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Manifests written by every released format version stay readable: v1 (no run id) and v2
 * (run id and finished flag). To write the golden files of the current version (only when its
 * README says so), run with {@code -Dweir.golden.write=true}.
 */
class ManifestGoldenFileTest {

  private static final String V1 = "/checkpoint-format/v1/manifest.avro";
  private static final String V2 = "/checkpoint-format/v2/manifest.avro";
  /** The directory the current format writes its golden files to. */
  private static final String CURRENT = "v2";

  @Test
  void v1ManifestDecodesToTheSampleManifest() throws IOException {
    writeGoldenFileIfAsked();
    try (InputStream in = resource(V1)) {
      assertThat(CheckpointManifestFormat.decode(in)).isEqualTo(SampleManifests.golden());
    }
  }

  @Test
  void currentSchemaReadsV1Data() throws IOException {
    Schema writer;
    try (DataFileStream<GenericRecord> file =
        new DataFileStream<>(resource(V1), new GenericDatumReader<>())) {
      writer = file.getSchema();
    }
    Schema v1Avsc;
    try (InputStream in = resource("/checkpoint-format/v1/manifest.avsc")) {
      v1Avsc = new Schema.Parser().parse(in);
    }
    assertThat(writer).isEqualTo(v1Avsc);
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(CheckpointManifestFormat.schema(), writer);
    assertThat(result.getType()).as(result.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void v1ManifestsHaveNoRunAndAreNotFinished() throws IOException {
    try (InputStream in = resource(V1)) {
      CheckpointManifestFormat.decode(in);
    }
    assertThat(SampleManifests.golden().runId()).isEmpty();
    assertThat(SampleManifests.golden().finished()).isFalse();
  }

  @Test
  void v2ManifestDecodesToTheSampleManifestWithItsRunAndIsWrittenByTheCurrentSchema()
      throws IOException {
    writeGoldenFileIfAsked();
    try (InputStream in = resource(V2)) {
      assertThat(CheckpointManifestFormat.decode(in)).isEqualTo(SampleManifests.goldenV2());
    }
    try (DataFileStream<GenericRecord> file =
        new DataFileStream<>(resource(V2), new GenericDatumReader<>())) {
      assertThat(file.getSchema()).isEqualTo(CheckpointManifestFormat.schema());
    }
    try (InputStream in = resource(V2)) {
      assertThat(in.readAllBytes()).as("encoding is deterministic")
          .isEqualTo(CheckpointManifestFormat.encode(SampleManifests.goldenV2()));
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ManifestGoldenFileTest.class.getResourceAsStream(name);
    assertThat(in).as("test resource " + name).isNotNull();
    return in;
  }

  /** Writes the golden files into the source tree; run from the sdk module directory. */
  private static void writeGoldenFileIfAsked() throws IOException {
    if (!Boolean.getBoolean("weir.golden.write")) {
      return;
    }
    Path dir = Path.of("src/test/resources/checkpoint-format", CURRENT);
    Files.createDirectories(dir);
    Files.write(dir.resolve("manifest.avro"),
        CheckpointManifestFormat.encode(SampleManifests.goldenV2()));
    Files.writeString(dir.resolve("manifest.json"),
        CheckpointManifestFormat.toJson(SampleManifests.goldenV2()) + "\n");
    Files.writeString(dir.resolve("manifest.avsc"),
        CheckpointManifestFormat.schema().toString(true) + "\n");
  }
}
