package dev.weir.runtime.checkpoint.format;

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
 * Manifests written by format v1 stay readable. To regenerate the golden file (only when its
 * README says so), run with {@code -Dweir.golden.write=true}.
 */
class ManifestGoldenFileTest {

  private static final String V1 = "/checkpoint-format/v1/manifest.avro";

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
    Path dir = Path.of("src/test/resources/checkpoint-format/v1");
    Files.createDirectories(dir);
    Files.write(dir.resolve("manifest.avro"),
        CheckpointManifestFormat.encode(SampleManifests.golden()));
    Files.writeString(dir.resolve("manifest.json"),
        CheckpointManifestFormat.toJson(SampleManifests.golden()) + "\n");
    Files.writeString(dir.resolve("manifest.avsc"),
        CheckpointManifestFormat.schema().toString(true) + "\n");
  }
}
