package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** {@link Types#avro}, {@link Types#generic} and {@link Types#reflect}. */
class RecordCodersTest {

  private static final Schema EVENT =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"test\",\"fields\":["
                  + "{\"name\":\"name\",\"type\":\"string\"},"
                  + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
                  + "{\"name\":\"inner\",\"type\":{\"type\":\"record\",\"name\":\"Inner\","
                  + "\"fields\":[{\"name\":\"n\",\"type\":\"long\"}]}}]}");

  private static final Schema WITH_MAP =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Counts\",\"fields\":["
                  + "{\"name\":\"counts\",\"type\":{\"type\":\"map\",\"values\":\"long\"}}]}");

  @Test
  void specificRecordsRoundTrip() {
    Coder<OrderRecord> coder = Types.avro(OrderRecord.class);
    OrderRecord order = new OrderRecord(42, "grüße", null);
    OrderRecord back = coder.decode(coder.encode(order));
    assertThat(back).isEqualTo(order);
    assertThat(back.item()).isExactlyInstanceOf(String.class);
    assertThat(coder.schema()).isEqualTo(OrderRecord.SCHEMA$);
    assertThat(coder.hashOfEncoding(order)).isEqualTo(coder.hashOfEncoding(back));
  }

  @Test
  void genericRecordsRoundTripWithStringsNotUtf8() {
    Coder<GenericRecord> coder = Types.generic(EVENT);
    GenericRecord inner = new GenericData.Record(EVENT.getField("inner").schema());
    inner.put("n", 7L);
    GenericRecord event = new GenericData.Record(EVENT);
    event.put("name", "deploy");
    event.put("tags", List.of("a", "b"));
    event.put("inner", inner);

    GenericRecord back = coder.decode(coder.encode(event));
    assertThat(back).isEqualTo(event);
    assertThat(back.get("name")).isExactlyInstanceOf(String.class);
    assertThat((List<?>) back.get("tags")).allMatch(tag -> tag.getClass() == String.class);
    assertThat(coder.isDeterministic()).isTrue();
  }

  @Test
  void genericMapKeysDecodeAsStringsAndMapsAreNotDeterministic() {
    Coder<GenericRecord> coder = Types.generic(WITH_MAP);
    GenericRecord counts = new GenericData.Record(WITH_MAP);
    counts.put("counts", Map.of("x", 1L));
    GenericRecord back = coder.decode(coder.encode(counts));
    assertThat((Map<?, ?>) back.get("counts")).isEqualTo(Map.of("x", 1L));
    assertThat(((Map<?, ?>) back.get("counts")).keySet())
        .allMatch(key -> key.getClass() == String.class);
    assertThat(coder.isDeterministic()).isFalse();
  }

  @Test
  void reflectRecordsRoundTrip() {
    Coder<Point> coder = Types.reflect(Point.class);
    Point point = new Point("origin", -3, List.of(1, 2));
    Point back = coder.decode(coder.encode(point));
    assertThat(back).isEqualTo(point);
    assertThat(back.label).isExactlyInstanceOf(String.class);
    assertThat(coder.isDeterministic()).isTrue();
    assertThat(coder).hasToString("Coder<REFLECT<" + coder.schema().getFullName() + ">>");
  }

  @Test
  void reflectDeterminismFollowsFieldTypes() {
    assertThat(Types.reflect(WithMap.class).isDeterministic()).isFalse();
    assertThat(Types.reflect(WithSet.class).isDeterministic()).isFalse();
  }

  @Test
  void reflectRecordsWithSetsAndNestedClassesRoundTrip() {
    Coder<WithSet> sets = Types.reflect(WithSet.class);
    WithSet withSet = new WithSet();
    withSet.names.add("a");
    withSet.names.add("b");
    assertThat(sets.decode(sets.encode(withSet)).names).isEqualTo(Set.of("a", "b"));

    Coder<Line> lines = Types.reflect(Line.class);
    Line line = new Line();
    line.from = new Point("a", 1, List.of());
    line.to = new Point("b", 2, List.of(3));
    Line back = lines.decode(lines.encode(line));
    assertThat(back.from).isEqualTo(line.from);
    assertThat(back.to).isEqualTo(line.to);
  }

  @Test
  void recordsNestInsideComposites() {
    Coder<KV<String, List<OrderRecord>>> coder =
        Types.kv(Types.STRING, Types.list(Types.avro(OrderRecord.class)));
    KV<String, List<OrderRecord>> value =
        KV.of("batch", List.of(new OrderRecord(1, "a", "n"), new OrderRecord(2, "b", null)));
    assertThat(coder.decode(coder.encode(value))).isEqualTo(value);
  }

  /** A plain class for reflect; Avro sets its fields directly. */
  static final class Point {
    String label;
    long x;
    List<Integer> tags;

    Point() {}

    Point(String label, long x, List<Integer> tags) {
      this.label = label;
      this.x = x;
      this.tags = new ArrayList<>(tags);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Point p
          && x == p.x
          && Objects.equals(label, p.label)
          && Objects.equals(tags, p.tags);
    }

    @Override
    public int hashCode() {
      return Objects.hash(label, x, tags);
    }
  }

  static final class WithMap {
    Map<String, Long> counts = new HashMap<>();
  }

  static final class Line {
    Point from;
    Point to;
  }

  static final class WithSet {
    Set<String> names = new HashSet<>();
  }
}
