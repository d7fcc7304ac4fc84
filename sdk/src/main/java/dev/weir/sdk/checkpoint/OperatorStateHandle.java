package dev.weir.sdk.checkpoint;

import java.util.Objects;

/**
 * State that belongs to one subtask rather than to keys: operator state, a source's position
 * or a sink's commit record.
 *
 * @param kind what the state is, e.g. {@code "operator"}, {@code "source-position"} or
 *     {@code "sink-commit"}; never empty
 * @param subtask the subtask that wrote it, at least 0
 * @param schema the Avro writer schema (JSON) of the blob's contents
 * @param handle the blob
 */
public record OperatorStateHandle(String kind, int subtask, String schema, StateHandle handle) {

  /** Validates the fields. */
  public OperatorStateHandle {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(handle, "handle");
    if (kind.isEmpty()) {
      throw new IllegalArgumentException("kind must not be empty");
    }
    if (subtask < 0) {
      throw new IllegalArgumentException(
          "subtask must not be negative, was " + subtask + " (" + kind + " state)");
    }
  }
}
