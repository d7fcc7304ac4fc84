package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes and {@code hashOfEncoding} of a few values forever: key groups are computed
 * from these hashes, so a change would move keys to other groups and orphan their state.
 *
 * <p>The expected values were computed independently of Weir: the bytes from the Avro
 * specification (zig-zag varints, length-prefixed UTF-8), the hashes with a separate
 * implementation of murmur3_32 (x86, seed 0) over those bytes.
 */
class GoldenEncodingTest {

  private static <T> void assertGolden(Coder<T> coder, T value, String hex, int hash) {
    assertThat(HexFormat.of().formatHex(coder.encode(value)))
        .as("bytes of %s", value)
        .isEqualTo(hex);
    assertThat(coder.hashOfEncoding(value)).as("hash of %s", value).isEqualTo(hash);
  }

  @Test
  void longs() {
    assertGolden(Types.LONG, 0L, "00", 1364076727);
    assertGolden(Types.LONG, 1L, "02", 1814548639);
    assertGolden(Types.LONG, -1L, "01", -463810133);
    assertGolden(Types.LONG, 42L, "54", -179652781);
    assertGolden(Types.LONG, 1L << 40, "808080808040", -1288793082);
    assertGolden(Types.LONG, Long.MIN_VALUE, "ffffffffffffffffff01", 1021405426);
    assertGolden(Types.LONG, Long.MAX_VALUE, "feffffffffffffffff01", -1882274504);
  }

  @Test
  void ints() {
    assertGolden(Types.INT, 0, "00", 1364076727);
    assertGolden(Types.INT, -1, "01", -463810133);
    assertGolden(Types.INT, 123456, "80890f", 793695138);
    assertGolden(Types.INT, Integer.MIN_VALUE, "ffffffff0f", 325662071);
  }

  @Test
  void strings() {
    assertGolden(Types.STRING, "", "00", 1364076727);
    assertGolden(Types.STRING, "weir", "0877656972", 1652760062);
    assertGolden(Types.STRING, "grüße", "0e6772c3bcc39f65", 1011770025);
    assertGolden(Types.STRING, "日本語", "12e697a5e69cace8aa9e", 1952511406);
    assertGolden(Types.STRING, "\uD83C\uDF0A", "08f09f8c8a", -585257243);
  }

  @Test
  void kvIsKeyThenValue() {
    // The record adds no bytes: KV("weir", 42) is the STRING bytes then the LONG bytes.
    byte[] bytes = Types.kv(Types.STRING, Types.LONG).encode(KV.of("weir", 42L));
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("0877656972" + "54");
  }
}
