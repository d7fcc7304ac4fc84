package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.SourceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract of the Avro container file source: all records, exact resume, bad files named. */
class AvroFileSourceTest {
  static final Schema SCHEMA = SchemaBuilder.record("Event").fields()
      .requiredLong("id").requiredString("name").endRecord();

  @TempDir
  Path dir;

  static Path write(Path file, long first, int n) throws IOException {
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      w.setSyncInterval(64); // many small blocks
      w.create(SCHEMA, file.toFile());
      for (long i = first; i < first + n; i++) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("id", i);
        r.put("name", "event-" + i);
        w.append(r);
      }
    }
    return file;
  }

  static List<Long> ids(List<GenericRecord> records) {
    return records.stream().map(r -> (Long) r.get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  static SourceReader<GenericRecord, Object> reader(AvroFileSource s, int subtask, int p, List<Object> restored)
      throws IOException {
    SourceReader<GenericRecord, Object> r = (SourceReader<GenericRecord, Object>) s.createReader(
        Contexts.source(subtask, p));
    r.open(restored);
    return r;
  }

  @Test
  void readsEveryRecordAndResumesExactlyAfterAnyRecord() throws IOException {
    Path f = write(dir.resolve("events.avro"), 0, 200);
    AvroFileSource source = AvroFileSource.generic(f, SCHEMA);
    assertThat(source.coder()).isNotNull();
    for (int at = 0; at <= 200; at += 7) {
      List<Object> snap = new ArrayList<>();
      List<GenericRecord> before;
      try (SourceReader<GenericRecord, Object> r = reader(source, 0, 1, List.of())) {
        before = Contexts.readAll(r, at, snap).subList(0, at);
      }
      List<GenericRecord> after;
      try (SourceReader<GenericRecord, Object> r = reader(source, 0, 1, snap)) {
        after = Contexts.readAll(r, -1, new ArrayList<>());
      }
      List<Long> all = new ArrayList<>(ids(before));
      all.addAll(ids(after));
      assertThat(all).as("restored after record " + at)
          .isEqualTo(java.util.stream.LongStream.range(0, 200).boxed().toList());
    }
  }

  @Test
  void splitsTheFilesOfADirectoryAcrossSubtasks() throws IOException {
    write(dir.resolve("a.avro"), 0, 50);
    write(dir.resolve("b.avro"), 50, 50);
    write(dir.resolve("c.avro"), 100, 50);
    AvroFileSource source = AvroFileSource.generic(dir, SCHEMA);
    List<Long> union = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      try (SourceReader<GenericRecord, Object> r = reader(source, s, 2, List.of())) {
        union.addAll(ids(Contexts.readAll(r, -1, new ArrayList<>())));
      }
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 150).boxed().toList());
  }

  @Test
  void aMalformedOrCorruptFileNamesTheFile() throws IOException {
    Path text = Files.writeString(dir.resolve("not-avro.avro"), "hello\n");
    assertThatThrownBy(() -> {
      try (SourceReader<GenericRecord, Object> r = reader(AvroFileSource.generic(text, SCHEMA), 0, 1, List.of())) {
        Contexts.readAll(r, -1, new ArrayList<>());
      }
    }).isInstanceOf(WeirException.class).hasMessageContaining(text.toAbsolutePath().toString())
        .hasMessageContaining("not a valid Avro");
    Path corrupt = write(dir.resolve("t.avro"), 0, 500);
    byte[] bytes = Files.readAllBytes(corrupt);
    java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 300, (byte) 0x55); // covers a sync marker
    Files.write(corrupt, bytes);
    assertThatThrownBy(() -> {
      try (SourceReader<GenericRecord, Object> r = reader(AvroFileSource.generic(corrupt, SCHEMA), 0, 1, List.of())) {
        Contexts.readAll(r, -1, new ArrayList<>());
      }
    }).isInstanceOf(WeirException.class).hasMessageContaining(corrupt.toAbsolutePath().toString());
  }
}
