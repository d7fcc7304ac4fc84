package dev.weir.sdk.types.coders;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free hashes of STRING, LONG and INT equal murmur3_32_fixed of the bytes {@code
 * encode} returns, so key groups do not depend on which path computed them.
 */
class EncodingHashTest {

  private static final long SEED = 20_240_601L;

  private static <T> int hashOfBytes(Coder<T> coder, T value) {
    return Hashing.murmur3_32_fixed().hashBytes(coder.encode(value)).asInt();
  }

  @Test
  void longHashEqualsHashOfEncoding() {
    Random random = new Random(SEED);
    for (int i = 0; i < 100_000; i++) {
      long value = randomLong(random);
      assertThat(Types.LONG.hashOfEncoding(value))
          .as("%d", value)
          .isEqualTo(hashOfBytes(Types.LONG, value));
    }
  }

  @Test
  void intHashEqualsHashOfEncoding() {
    Random random = new Random(SEED);
    for (int i = 0; i < 100_000; i++) {
      int value = (int) randomLong(random);
      assertThat(Types.INT.hashOfEncoding(value))
          .as("%d", value)
          .isEqualTo(hashOfBytes(Types.INT, value));
    }
  }

  @Test
  void stringHashEqualsHashOfEncoding() {
    Random random = new Random(SEED);
    for (int i = 0; i < 50_000; i++) {
      String value = randomString(random, random.nextInt(i % 100 == 0 ? 2000 : 40));
      assertThat(Types.STRING.hashOfEncoding(value))
          .as("seed %d, string #%d %s", SEED, i, escape(value))
          .isEqualTo(hashOfBytes(Types.STRING, value));
    }
  }

  @Test
  void stringEdgeCases() {
    List<String> values =
        List.of(
            "",
            "\u0000",
            "\u007f\u0080\u07ff\u0800\uffff",
            "\uD83C\uDF0A", // a surrogate pair
            "lone high \uD83C end",
            "lone low \uDF0A end",
            "\uDF0A\uD83C", // reversed pair: two lone surrogates
            "\uD83C",
            "x".repeat(70_000), // longer than the retained buffer
            "é".repeat(40_000));
    for (String value : values) {
      assertThat(Types.STRING.hashOfEncoding(value))
          .as(escape(value.length() > 50 ? value.substring(0, 50) : value))
          .isEqualTo(hashOfBytes(Types.STRING, value));
    }
  }

  @Test
  void otherCodersHashTheirEncoding() {
    Coder<KV<String, List<Long>>> coder = Types.kv(Types.STRING, Types.list(Types.LONG));
    KV<String, List<Long>> value = KV.of("k", List.of(1L, -2L));
    assertThat(coder.hashOfEncoding(value)).isEqualTo(hashOfBytes(coder, value));
    assertThat(Types.DOUBLE.hashOfEncoding(0.5)).isEqualTo(hashOfBytes(Types.DOUBLE, 0.5));
    byte[] bytes = {1, 2, 3};
    assertThat(Types.BYTES.hashOfEncoding(bytes)).isEqualTo(hashOfBytes(Types.BYTES, bytes));
  }

  private static long randomLong(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextInt(256) - 128;
      case 1:
        return random.nextInt();
      case 2:
        return random.nextLong() >> random.nextInt(64);
      default:
        return random.nextLong();
    }
  }

  /** Mixes ASCII, 2- and 3-byte characters, surrogate pairs and lone surrogates. */
  private static String randomString(Random random, int length) {
    StringBuilder builder = new StringBuilder(length);
    while (builder.length() < length) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        builder.append((char) random.nextInt(0x80));
      } else if (kind < 6) {
        builder.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
      } else if (kind < 8) {
        char c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
        builder.append(c); // may be a lone surrogate
      } else {
        builder.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
      }
    }
    return builder.toString();
  }

  private static String escape(String value) {
    StringBuilder escaped = new StringBuilder();
    for (char c : value.toCharArray()) {
      escaped.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return escaped.toString();
  }
}
