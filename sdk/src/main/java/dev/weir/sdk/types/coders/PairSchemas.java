package dev.weir.sdk.types.coders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Builds the Avro record that holds a key and a value, used by {@code KV} coders and by maps
 * with non-string keys.
 *
 * <h2>Record names</h2>
 * Avro allows a named type to be defined once per schema, and {@code Schema.toString()}
 * silently writes any later record of the same name as a reference to the first. Nested pairs
 * ({@code kv(STRING, kv(LONG, STRING))}, {@code list(kv(...))}) therefore need names that
 * differ whenever the contents differ. The name is {@code dev.weir.types.KV_} followed by the
 * 16 hex digits of Avro's 64-bit parsing fingerprint (CRC-64-AVRO) of the key and value
 * schemas' canonical forms. The same key and value types always give the same name, in every
 * JVM and release, so a pair written today resolves against the reader schema of tomorrow;
 * two occurrences of the same pair in one schema are identical definitions, which Avro allows.
 * This derivation is part of the persisted format: never change it.
 */
final class PairSchemas {

  static final String NAMESPACE = "dev.weir.types";
  static final String KEY_FIELD = "key";
  static final String VALUE_FIELD = "value";

  private PairSchemas() {}

  /** A new record schema {key: keySchema, value: valueSchema} with the derived name. */
  static Schema pair(Schema keySchema, Schema valueSchema, String doc) {
    Schema record = Schema.createRecord(name(keySchema, valueSchema), doc, NAMESPACE, false);
    record.setFields(
        List.of(
            new Schema.Field(KEY_FIELD, keySchema),
            new Schema.Field(VALUE_FIELD, valueSchema)));
    return record;
  }

  /** {@code KV_} and the hex fingerprint of {@code [keyForm,valueForm]}. */
  static String name(Schema keySchema, Schema valueSchema) {
    String canonical =
        "[" + SchemaNormalization.toParsingForm(keySchema) + ","
            + SchemaNormalization.toParsingForm(valueSchema) + "]";
    long fingerprint =
        SchemaNormalization.fingerprint64(canonical.getBytes(StandardCharsets.UTF_8));
    return "KV_" + String.format("%016x", fingerprint);
  }
}
