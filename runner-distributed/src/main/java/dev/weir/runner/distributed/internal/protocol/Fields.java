package dev.weir.runner.distributed.internal.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads fields of decoded generic records as Java values: strings as {@link String} (Avro
 * decodes them as {@code Utf8}), maps with {@link String} keys.
 */
final class Fields {

  private Fields() {}

  static String string(GenericRecord r, String field) {
    return r.get(field).toString();
  }

  static String nullableString(GenericRecord r, String field) {
    Object value = r.get(field);
    return value == null ? null : value.toString();
  }

  static long longValue(GenericRecord r, String field) {
    return (Long) r.get(field);
  }

  static double doubleValue(GenericRecord r, String field) {
    return (Double) r.get(field);
  }

  static int intValue(GenericRecord r, String field) {
    return (Integer) r.get(field);
  }

  static boolean booleanValue(GenericRecord r, String field) {
    return (Boolean) r.get(field);
  }

  static GenericRecord record(GenericRecord r, String field) {
    return (GenericRecord) r.get(field);
  }

  static List<String> strings(GenericRecord r, String field) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) r.get(field)) {
      out.add(o.toString());
    }
    return out;
  }

  static List<GenericRecord> records(GenericRecord r, String field) {
    List<GenericRecord> out = new ArrayList<>();
    for (Object o : (List<?>) r.get(field)) {
      out.add((GenericRecord) o);
    }
    return out;
  }

  static Map<String, String> stringMap(GenericRecord r, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    ((Map<?, ?>) r.get(field)).forEach((k, v) -> out.put(k.toString(), v.toString()));
    return out;
  }

  static Map<String, Long> longMap(GenericRecord r, String field) {
    Map<String, Long> out = new LinkedHashMap<>();
    ((Map<?, ?>) r.get(field)).forEach((k, v) -> out.put(k.toString(), (Long) v));
    return out;
  }

  /** The record branch named {@code name} (simple name) of the union field {@code field}. */
  static Schema branch(Schema record, String field, String name) {
    for (Schema s : record.getField(field).schema().getTypes()) {
      if (s.getType() == Schema.Type.RECORD && s.getName().equals(name)) {
        return s;
      }
    }
    throw new IllegalStateException("schema " + record.getFullName() + " has no record " + name
        + " in union field " + field);
  }

  /** The record schema of field {@code field}, looking through a {@code ["null", X]} union. */
  static Schema recordOf(Schema record, String field) {
    Schema s = record.getField(field).schema();
    if (s.getType() == Schema.Type.UNION) {
      for (Schema branch : s.getTypes()) {
        if (branch.getType() == Schema.Type.RECORD) {
          return branch;
        }
      }
    }
    if (s.getType() == Schema.Type.ARRAY) {
      return s.getElementType();
    }
    return s;
  }
}
