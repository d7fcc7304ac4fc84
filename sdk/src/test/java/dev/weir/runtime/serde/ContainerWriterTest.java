package dev.weir.runtime.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerWriter} and {@link ArrayEncoder} against Avro's own {@code DataFileWriter}
 * and binary encoder: the same records and sync marker give the same bytes, block boundaries
 * included, and Avro reads the records back.
 */
class ContainerWriterTest {
  private static final Schema SCHEMA = SchemaBuilder.record("Everything").namespace("dev.weir.test")
      .fields()
      .requiredInt("i")
      .requiredLong("l")
      .requiredString("s")
      .requiredDouble("d")
      .requiredFloat("f")
      .requiredBoolean("b")
      .requiredBytes("bytes")
      .name("u").type().unionOf().nullType().and().longType().endUnion().noDefault()
      .name("list").type().array().items().stringType().noDefault()
      .name("map").type().map().values().longType().noDefault()
      .name("e").type().enumeration("Color").symbols("RED", "GREEN").noDefault()
      .name("fx").type().fixed("Four").size(4).noDefault()
      .endRecord();

  private static final String[] TEXT = {"", "k1", "hello", "ünïcödé", "日本語", "emoji \uD83D\uDE00", "a\u007fb"};

  private static GenericRecord random(Random r) {
    GenericRecord rec = new GenericData.Record(SCHEMA);
    int[] ints = {0, 1, -1, 63, 64, -64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE, r.nextInt()};
    long[] longs = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35, -(1L << 49), r.nextLong()};
    rec.put("i", ints[r.nextInt(ints.length)]);
    rec.put("l", longs[r.nextInt(longs.length)]);
    rec.put("s", TEXT[r.nextInt(TEXT.length)] + r.nextInt(1000));
    rec.put("d", r.nextDouble() * 1e6 - 5e5);
    rec.put("f", r.nextFloat());
    rec.put("b", r.nextBoolean());
    byte[] bytes = new byte[r.nextInt(40)];
    r.nextBytes(bytes);
    rec.put("bytes", ByteBuffer.wrap(bytes));
    rec.put("u", r.nextBoolean() ? null : r.nextLong());
    List<String> list = new ArrayList<>();
    for (int j = r.nextInt(4); j > 0; j--) {
      list.add(TEXT[r.nextInt(TEXT.length)]);
    }
    rec.put("list", list);
    Map<String, Long> map = new HashMap<>();
    for (int j = r.nextInt(3); j > 0; j--) {
      map.put("m" + j, r.nextLong());
    }
    rec.put("map", map);
    rec.put("e", new GenericData.EnumSymbol(SCHEMA.getField("e").schema(), r.nextBoolean() ? "RED" : "GREEN"));
    byte[] four = new byte[4];
    r.nextBytes(four);
    rec.put("fx", new GenericData.Fixed(SCHEMA.getField("fx").schema(), four));
    return rec;
  }

  @Test
  void writesTheBytesOfDataFileWriter() throws IOException {
    Random r = new Random(42);
    byte[] sync = new byte[16];
    r.nextBytes(sync);
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      records.add(random(r));
    }
    GenericDatumWriter<GenericRecord> datum = new GenericDatumWriter<>(SCHEMA);
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    try (ContainerWriter ours = new ContainerWriter(actual, SCHEMA, 1 << 12, sync)) {
      for (GenericRecord rec : records) {
        datum.write(rec, ours.encoder());
        ours.endEntry();
      }
      assertThat(ours.entries()).isEqualTo(records.size());
    }

    assertThat(actual.size()).isGreaterThan(20 * (1 << 12)); // many blocks
    assertThat(actual.toByteArray()).isEqualTo(avroFile(records, sync, 1 << 12));

    List<GenericRecord> read = new ArrayList<>();
    try (DataFileStream<GenericRecord> in = new DataFileStream<>(
        new java.io.ByteArrayInputStream(actual.toByteArray()), new GenericDatumReader<>(SCHEMA))) {
      in.forEach(read::add);
    }
    assertThat(read).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      assertThat(read.get(i).toString()).isEqualTo(records.get(i).toString());
    }
  }

  /** What DataFileWriter writes for {@code records} (entries encoded by Avro's own encoder). */
  private static byte[] avroFile(List<GenericRecord> records, byte[] sync, int blockBytes)
      throws IOException {
    GenericDatumWriter<GenericRecord> datum = new GenericDatumWriter<>(SCHEMA);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> avro = new DataFileWriter<>(datum)) {
      avro.setSyncInterval(blockBytes);
      avro.create(SCHEMA, expected, sync);
      for (GenericRecord rec : records) {
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(one, null);
        datum.write(rec, enc);
        enc.flush();
        avro.appendEncoded(ByteBuffer.wrap(one.toByteArray()));
      }
    }
    return expected.toByteArray();
  }

  @Test
  void anEntryWhoseEncodingFailsLeavesNoBytesBehind() throws IOException {
    Random r = new Random(7);
    byte[] sync = new byte[16];
    List<GenericRecord> good = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      good.add(random(r));
    }
    GenericDatumWriter<GenericRecord> datum = new GenericDatumWriter<>(SCHEMA);
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    try (ContainerWriter ours = new ContainerWriter(actual, SCHEMA, 256, sync)) {
      for (int i = 0; i < good.size(); i++) {
        if (i % 7 == 3) {
          // Half an entry, then the coder fails.
          ours.encoder().writeInt(12345);
          ours.encoder().writeString("partial entry");
          ours.abortEntry();
        }
        datum.write(good.get(i), ours.encoder());
        ours.endEntry();
      }
    }
    assertThat(actual.toByteArray()).isEqualTo(avroFile(good, sync, 256));
  }

  @Test
  void anEntryLargerThanTheBlockAfterAHalfFullBlock() throws IOException {
    Random r = new Random(11);
    byte[] sync = new byte[16];
    r.nextBytes(sync);
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      GenericRecord rec = random(r);
      if (i % 10 == 5) {
        byte[] big = new byte[3_000]; // far beyond a 64-byte block and its initial buffer
        r.nextBytes(big);
        rec.put("bytes", ByteBuffer.wrap(big));
        rec.put("s", "ascii, then é and \uD800 alone: " + i);
      }
      records.add(rec);
    }
    GenericDatumWriter<GenericRecord> datum = new GenericDatumWriter<>(SCHEMA);
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    try (ContainerWriter ours = new ContainerWriter(actual, SCHEMA, 64, sync)) {
      for (GenericRecord rec : records) {
        datum.write(rec, ours.encoder());
        ours.endEntry();
      }
    }
    assertThat(actual.toByteArray()).isEqualTo(avroFile(records, sync, 64));
  }

  @Test
  void anEmptyContainerHasDataFileWritersBytesAndStaysOpen() throws IOException {
    byte[] sync = new byte[16];
    new Random(3).nextBytes(sync);
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        throw new AssertionError("the container must not close its stream");
      }
    };
    ContainerWriter ours = new ContainerWriter(out, SCHEMA, 1 << 16, sync);
    ours.close();
    ours.close();
    assertThat(out.toByteArray()).isEqualTo(avroFile(List.of(), sync, 1 << 16));
    org.assertj.core.api.Assertions.assertThatThrownBy(ours::endEntry)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void anEmptyContainerIsAValidFile() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ContainerWriter(out, SCHEMA, 1 << 16).close();
    try (DataFileStream<GenericRecord> in = new DataFileStream<>(
        new java.io.ByteArrayInputStream(out.toByteArray()), new GenericDatumReader<>(SCHEMA))) {
      assertThat(in.hasNext()).isFalse();
      assertThat(in.getSchema()).isEqualTo(SCHEMA);
    }
  }

  @Test
  void growsPastItsInitialCapacityForALargeEntry() throws IOException {
    ArrayEncoder enc = new ArrayEncoder(16);
    String big = "x".repeat(100_000) + "é";
    enc.writeString(big);
    BinaryEncoder avro = EncoderFactory.get().directBinaryEncoder(new ByteArrayOutputStream(), null);
    ByteArrayOutputStream ref = new ByteArrayOutputStream();
    avro = EncoderFactory.get().directBinaryEncoder(ref, avro);
    avro.writeString(big);
    avro.flush();
    assertThat(java.util.Arrays.copyOf(enc.array(), enc.position())).isEqualTo(ref.toByteArray());
  }
}
