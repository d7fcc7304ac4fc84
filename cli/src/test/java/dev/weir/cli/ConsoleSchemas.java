package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Checks console API answers against the JSON Schemas of the console's jar (draft 2020-12). */
final class ConsoleSchemas {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private ConsoleSchemas() {
  }

  /** Asserts that {@code json} is valid against {@code dev/weir/console/schema/<name>}. */
  static void assertValid(String name, String json) {
    Schema schema;
    try (InputStream in = ConsoleSchemas.class.getResourceAsStream(
        "/dev/weir/console/schema/" + name)) {
      assertThat(in).as("schema %s in the console's jar", name).isNotNull();
      schema = REGISTRY.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    assertThat(errors).as("%s against schema %s", json, name).isEmpty();
  }
}
