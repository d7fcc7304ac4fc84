package dev.weir.io.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/** Damages Avro container files (written by {@link AvroFileSourceTest#write}) in known ways. */
final class AvroCorruption {
  private AvroCorruption() {
  }

  /** A block of a container file: where it starts and the ids of its records. */
  record Block(long start, List<Long> ids) {
  }

  /** A damaged block: where it starts, where its bytes end (its sync marker), the ids it held. */
  record Damage(Path file, long start, long end, List<Long> ids) {
  }

  static List<Block> blocks(Path file) throws IOException {
    List<Block> blocks = new ArrayList<>();
    try (DataFileReader<GenericRecord> r = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
      long current = -1;
      while (r.hasNext()) {
        long start = r.previousSync();
        if (start != current) {
          blocks.add(new Block(start, new ArrayList<>()));
          current = start;
        }
        blocks.get(blocks.size() - 1).ids().add((Long) r.next().get("id"));
      }
    }
    return blocks;
  }

  /**
   * Overwrites the record bytes of blocks {@code ks} with {@code 0xff} (an invalid varint),
   * leaving their headers and sync markers intact: those blocks cannot be decoded, the others can.
   */
  static List<Damage> corruptBlockData(Path file, int... ks) throws IOException {
    List<Block> blocks = blocks(file);
    byte[] bytes = Files.readAllBytes(file);
    List<Damage> damage = new ArrayList<>();
    for (int k : ks) {
      Block b = blocks.get(k);
      int p = (int) b.start();
      long[] v = new long[2];
      for (int i = 0; i < 2; i++) {
        long x = 0;
        int shift = 0;
        int c;
        do {
          c = bytes[p++] & 0xff;
          x |= (long) (c & 0x7f) << shift;
          shift += 7;
        } while ((c & 0x80) != 0);
        v[i] = (x >>> 1) ^ -(x & 1);
      }
      int dataEnd = p + (int) v[1];
      Arrays.fill(bytes, p, dataEnd, (byte) 0xff);
      damage.add(new Damage(file, b.start(), dataEnd, b.ids()));
    }
    Files.write(file, bytes);
    return damage;
  }

  /** Cuts the last {@code bytes} bytes off the file: its last block is incomplete. */
  static Damage truncate(Path file, int bytes) throws IOException {
    List<Block> blocks = blocks(file);
    Block last = blocks.get(blocks.size() - 1);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length - bytes));
    return new Damage(file, last.start(), all.length - bytes, last.ids());
  }
}
