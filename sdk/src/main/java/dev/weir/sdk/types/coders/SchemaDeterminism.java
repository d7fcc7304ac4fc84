package dev.weir.sdk.types.coders;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Decides whether Avro's datum writers encode equal values of a schema to equal bytes.
 *
 * <p>Not deterministic: any {@code map} (written in the iteration order of the Java map), and
 * any array that reflect maps to a collection other than a {@link List} (a {@code Set} field,
 * whose iteration order is not defined). Records, unions, enums, fixed and primitives are
 * deterministic. Doubles and floats inside records are written from their raw bits, so NaNs
 * with different payloads differ; Weir treats that as acceptable for record fields.
 */
final class SchemaDeterminism {

  private SchemaDeterminism() {}

  static boolean isDeterministic(Schema schema) {
    return check(schema, new HashSet<>());
  }

  private static boolean check(Schema schema, Set<String> visitedRecords) {
    switch (schema.getType()) {
      case MAP:
        return false;
      case ARRAY:
        return isListLike(schema) && check(schema.getElementType(), visitedRecords);
      case UNION:
        return schema.getTypes().stream().allMatch(branch -> check(branch, visitedRecords));
      case RECORD:
        if (!visitedRecords.add(schema.getFullName())) {
          return true; // recursive reference, already being checked
        }
        return schema.getFields().stream()
            .allMatch(field -> check(field.schema(), visitedRecords));
      default:
        return true;
    }
  }

  private static boolean isListLike(Schema array) {
    String javaClass = array.getProp(SpecificData.CLASS_PROP);
    if (javaClass == null) {
      return true;
    }
    try {
      Class<?> type = Class.forName(javaClass, false, SchemaDeterminism.class.getClassLoader());
      return List.class.isAssignableFrom(type) || type.isArray();
    } catch (ClassNotFoundException | LinkageError e) {
      return false; // cannot tell, so do not promise determinism
    }
  }
}
