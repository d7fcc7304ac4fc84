package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class TypesRoundTripTest {

  private static <T> T roundTrip(Coder<T> coder, T value) {
    T viaBytes = coder.decode(coder.encode(value));
    T viaStreams = streamRoundTrip(coder, value);
    assertThat(viaStreams).isEqualTo(viaBytes);
    return viaBytes;
  }

  /** Two values through one encoder and one decoder, as state backends use coders. */
  private static <T> T streamRoundTrip(Coder<T> coder, T value) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      coder.encode(value, encoder);
      coder.encode(value, encoder);
      encoder.flush();
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(new ByteArrayInputStream(out.toByteArray()), null);
      T first = coder.decode(decoder);
      T second = coder.decode(decoder);
      assertThat(second).isEqualTo(first);
      assertThat(decoder.isEnd()).isTrue();
      return first;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void primitivesRoundTrip() {
    List<String> strings =
        List.of("", "weir", "grüße", "日本語", "emoji \uD83C\uDF0A", "x".repeat(100_000));
    for (String s : strings) {
      assertThat(roundTrip(Types.STRING, s)).isEqualTo(s).isExactlyInstanceOf(String.class);
    }
    for (long l : new long[] {0, 1, -1, 63, 64, -64, -65, Long.MIN_VALUE, Long.MAX_VALUE}) {
      assertThat(roundTrip(Types.LONG, l)).isEqualTo(l);
    }
    for (int i : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThat(roundTrip(Types.INT, i)).isEqualTo(i);
    }
    for (double d : new double[] {0.0, -0.0, 1.5, Double.MIN_VALUE, Double.POSITIVE_INFINITY}) {
      assertThat(roundTrip(Types.DOUBLE, d)).isEqualTo(d);
    }
    assertThat(roundTrip(Types.DOUBLE, Double.NaN)).isNaN();
    assertThat(roundTrip(Types.BOOLEAN, true)).isTrue();
    assertThat(roundTrip(Types.BOOLEAN, false)).isFalse();
    byte[] bytes = {0, 1, -1, 127, -128};
    assertThat(Types.BYTES.decode(Types.BYTES.encode(bytes))).containsExactly(bytes);
    assertThat(Types.BYTES.decode(Types.BYTES.encode(new byte[0]))).isEmpty();
  }

  @Test
  void nanPayloadsEncodeLikeCanonicalNan() {
    double otherNan = Double.longBitsToDouble(0x7ff0000000000123L);
    assertThat(otherNan).isNaN();
    assertThat(Types.DOUBLE.encode(otherNan)).containsExactly(Types.DOUBLE.encode(Double.NaN));
  }

  @Test
  void kvRoundTripsIncludingNested() {
    assertThat(roundTrip(Types.kv(Types.STRING, Types.LONG), KV.of("a", 1L)))
        .isEqualTo(KV.of("a", 1L));

    Coder<KV<String, KV<Long, String>>> nested =
        Types.kv(Types.STRING, Types.kv(Types.LONG, Types.STRING));
    KV<String, KV<Long, String>> value = KV.of("outer", KV.of(7L, "inner"));
    assertThat(roundTrip(nested, value)).isEqualTo(value);

    Coder<KV<KV<Integer, Integer>, KV<Integer, Integer>>> twins =
        Types.kv(Types.kv(Types.INT, Types.INT), Types.kv(Types.INT, Types.INT));
    KV<KV<Integer, Integer>, KV<Integer, Integer>> pairOfPairs = KV.of(KV.of(1, 2), KV.of(3, 4));
    assertThat(roundTrip(twins, pairOfPairs)).isEqualTo(pairOfPairs);
  }

  @Test
  void kvWithNullableValueAcceptsNullValue() {
    Coder<KV<String, Long>> coder = Types.kv(Types.STRING, Types.nullable(Types.LONG));
    assertThat(roundTrip(coder, KV.of("k", null))).isEqualTo(KV.of("k", null));
    assertThat(roundTrip(coder, KV.of("k", 5L))).isEqualTo(KV.of("k", 5L));
  }

  @Test
  void listsRoundTripIncludingListsOfKv() {
    assertThat(roundTrip(Types.list(Types.LONG), List.of())).isEmpty();
    assertThat(roundTrip(Types.list(Types.STRING), List.of("a", "b", "c")))
        .containsExactly("a", "b", "c")
        .isInstanceOf(ArrayList.class);

    Coder<List<KV<String, List<KV<Long, String>>>>> deep =
        Types.list(Types.kv(Types.STRING, Types.list(Types.kv(Types.LONG, Types.STRING))));
    List<KV<String, List<KV<Long, String>>>> value =
        List.of(
            KV.of("x", List.of(KV.of(1L, "one"), KV.of(2L, "two"))),
            KV.of("y", List.of()));
    assertThat(roundTrip(deep, value)).isEqualTo(value);

    List<Integer> large = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      large.add(i);
    }
    assertThat(roundTrip(Types.list(Types.INT), large)).isEqualTo(large);
  }

  @Test
  void mapsRoundTripWithStringAndOtherKeys() {
    Map<String, Long> byName = new LinkedHashMap<>();
    byName.put("b", 2L);
    byName.put("a", 1L);
    Map<String, Long> back = roundTrip(Types.map(Types.STRING, Types.LONG), byName);
    assertThat(back).isEqualTo(byName).isInstanceOf(LinkedHashMap.class);
    assertThat(back.keySet()).containsExactly("b", "a").allMatch(k -> k.getClass() == String.class);

    Map<Long, List<String>> byId = new HashMap<>();
    byId.put(3L, List.of("c"));
    byId.put(-1L, List.of());
    assertThat(roundTrip(Types.map(Types.LONG, Types.list(Types.STRING)), byId)).isEqualTo(byId);

    Map<KV<String, Integer>, Map<String, Boolean>> nested = new HashMap<>();
    nested.put(KV.of("k", 1), Map.of("t", true));
    Coder<Map<KV<String, Integer>, Map<String, Boolean>>> nestedCoder =
        Types.map(Types.kv(Types.STRING, Types.INT), Types.map(Types.STRING, Types.BOOLEAN));
    assertThat(roundTrip(nestedCoder, nested)).isEqualTo(nested);

    Map<String, Long> withNullValue = new HashMap<>();
    withNullValue.put("gone", null);
    assertThat(roundTrip(Types.map(Types.STRING, Types.nullable(Types.LONG)), withNullValue))
        .isEqualTo(withNullValue);
  }

  @Test
  void mapOfKvKeysSharesTheKvRecordWithoutNameClash() {
    Coder<KV<Map<Integer, String>, KV<Integer, String>>> coder =
        Types.kv(Types.map(Types.INT, Types.STRING), Types.kv(Types.INT, Types.STRING));
    Map<Integer, String> map = Map.of(1, "a");
    assertThat(roundTrip(coder, KV.of(map, KV.of(2, "b")))).isEqualTo(KV.of(map, KV.of(2, "b")));
  }

  @Test
  void nullableRoundTrips() {
    Coder<String> coder = Types.nullable(Types.STRING);
    assertThat(roundTrip(coder, null)).isNull();
    assertThat(roundTrip(coder, "here")).isEqualTo("here");
    Coder<List<Long>> list = Types.list(Types.nullable(Types.LONG));
    assertThat(roundTrip(list, Arrays.asList(1L, null, 3L))).containsExactly(1L, null, 3L);
    Coder<List<Long>> nullableList = Types.nullable(Types.list(Types.LONG));
    assertThat(roundTrip(nullableList, null)).isNull();
  }

  @Test
  void nullableOfNullableIsTheSameCoder() {
    Coder<Long> once = Types.nullable(Types.LONG);
    assertThat(Types.nullable(once)).isSameAs(once);
  }
}
