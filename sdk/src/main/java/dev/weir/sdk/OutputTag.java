package dev.weir.sdk;

import dev.weir.sdk.types.Coder;
import java.util.Objects;

/**
 * Names a side output of a process step and gives its type.
 *
 * <pre>{@code
 * static final OutputTag<String> REJECTED = OutputTag.of("rejected", Types.STRING);
 * PStream<Order> valid = orders.process("validate", new Validate());
 * PStream<String> rejected = valid.sideOutput(REJECTED);
 * }</pre>
 *
 * <p>Two tags are equal when their ids are equal.
 *
 * @param <T> the type of the side output's records
 */
public final class OutputTag<T> {
  private final String id;
  private final Coder<T> coder;

  private OutputTag(String id, Coder<T> coder) {
    this.id = Objects.requireNonNull(id, "id");
    this.coder = coder;
  }

  /** A tag with an id and the coder of its records ({@code coder} may be {@code null}). */
  public static <T> OutputTag<T> of(String id, Coder<T> coder) {
    if (id.isBlank()) {
      throw new IllegalArgumentException("an OutputTag id must not be blank");
    }
    return new OutputTag<>(id, coder);
  }

  /** The tag's id. */
  public String id() {
    return id;
  }

  /** The coder of the records, or {@code null} when not given. */
  public Coder<T> coder() {
    return coder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutputTag<?> t && t.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "OutputTag(" + id + ")";
  }
}
