package dev.weir.runtime.checkpoint.format;

import dev.weir.sdk.spi.CheckpointManifestFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.SampleManifests;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class CheckpointManifestFormatTest {

  @Test
  void roundTrip() throws IOException {
    CheckpointManifest m = SampleManifests.golden();
    assertThat(CheckpointManifestFormat.decode(CheckpointManifestFormat.encode(m))).isEqualTo(m);
    CheckpointManifest empty = SampleManifests.manifest("j", 1, List.of());
    assertThat(CheckpointManifestFormat.decode(CheckpointManifestFormat.encode(empty)))
        .isEqualTo(empty);
  }

  @Test
  void encodingIsDeterministic() {
    assertThat(CheckpointManifestFormat.encode(SampleManifests.golden()))
        .isEqualTo(CheckpointManifestFormat.encode(SampleManifests.golden()));
  }

  @Test
  void plainAvroReadsItWithTheEmbeddedSchema() throws IOException {
    byte[] bytes = CheckpointManifestFormat.encode(SampleManifests.golden());
    try (DataFileStream<GenericRecord> in = new DataFileStream<>(
        new ByteArrayInputStream(bytes), new GenericDatumReader<>())) {
      assertThat(in.getSchema().getFullName()).isEqualTo("dev.weir.checkpoint.CheckpointManifest");
      assertThat(in.getMetaString(CheckpointManifestFormat.FORMAT_META_KEY))
          .isEqualTo("checkpoint-manifest");
      GenericRecord r = in.next();
      assertThat(r.get("checkpointId")).isEqualTo(42L);
      assertThat(r.get("jobId").toString()).isEqualTo("golden-job");
    }
  }

  @Test
  void jsonShowsEveryField() {
    String json = CheckpointManifestFormat.toJson(SampleManifests.golden());
    assertThat(json).contains("\"jobId\" : \"golden-job\"", "\"checkpointId\" : 42",
        "\"savepoint\" : true", "\"location\" : \"cq:19723:9\"", "\"kind\" : \"sink-commit\"",
        "\"stateSchemas\"");
  }

  @Test
  void unsignedChecksumSurvives() throws IOException {
    StateHandle h = new StateHandle("j", 1, "x:1", 1, 0xFFFF_FFFFL);
    CheckpointManifest m = SampleManifests.manifest("j", 1, List.of(h));
    assertThat(CheckpointManifestFormat.decode(CheckpointManifestFormat.encode(m))
        .referencedHandles()).containsExactly(h);
  }

  @Test
  void garbageAndTruncationAreIoErrors() {
    assertThatThrownBy(() -> CheckpointManifestFormat.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IOException.class);
    byte[] bytes = CheckpointManifestFormat.encode(SampleManifests.golden());
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 40);
    assertThatThrownBy(() -> CheckpointManifestFormat.decode(cut)).isInstanceOf(IOException.class);
  }
}
