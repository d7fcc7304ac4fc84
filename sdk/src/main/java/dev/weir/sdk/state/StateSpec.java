package dev.weir.sdk.state;

import dev.weir.sdk.types.Coder;
import java.util.Objects;

/**
 * Declares one piece of keyed state of a step: a name, a kind and the coders of its values.
 *
 * <p>A function lists its specs (see {@code KeyedProcessFn.stateSpecs()}) so the planner can
 * check them before the job runs, and obtains the typed handle with {@code ctx.state(spec)}:
 *
 * <pre>{@code
 * static final StateSpec<ValueState<Long>> COUNT = StateSpec.value("count", Types.LONG);
 * static final StateSpec<MapState<String, Long>> VIEWS =
 *     StateSpec.map("views", Types.STRING, Types.LONG);
 * }</pre>
 *
 * <h2>Checkpointing</h2>
 * The name identifies the state in checkpoints together with the step name; renaming either
 * loses the state on restore. Values are encoded with the coders given here.
 *
 * @param <S> the handle type: {@link ValueState}, {@link ListState} or {@link MapState}
 */
public final class StateSpec<S extends State> {

  /** The kind of a state. */
  public enum Kind {
    /** {@link ValueState}. */
    VALUE,
    /** {@link ListState}. */
    LIST,
    /** {@link MapState}. */
    MAP
  }

  private final String name;
  private final Kind kind;
  private final Coder<?> valueCoder;
  private final Coder<?> mapKeyCoder;

  private StateSpec(String name, Kind kind, Coder<?> mapKeyCoder, Coder<?> valueCoder) {
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a StateSpec name must not be blank");
    }
    this.kind = kind;
    this.mapKeyCoder = mapKeyCoder;
    this.valueCoder = valueCoder;
  }

  /** One value per key. */
  public static <T> StateSpec<ValueState<T>> value(String name, Coder<T> coder) {
    return new StateSpec<>(name, Kind.VALUE, null, coder);
  }

  /** A list of values per key. */
  public static <T> StateSpec<ListState<T>> list(String name, Coder<T> elementCoder) {
    return new StateSpec<>(name, Kind.LIST, null, elementCoder);
  }

  /** A map per key. */
  public static <K, V> StateSpec<MapState<K, V>> map(String name, Coder<K> keyCoder,
      Coder<V> valueCoder) {
    return new StateSpec<>(name, Kind.MAP, keyCoder, valueCoder);
  }

  /** The state's name, unique within its step. */
  public String name() {
    return name;
  }

  /** The state's kind. */
  public Kind kind() {
    return kind;
  }

  /** The coder of values (list elements for a list, map values for a map); may be {@code null} if the user passed none. */
  public Coder<?> valueCoder() {
    return valueCoder;
  }

  /** The coder of map keys; {@code null} unless {@link Kind#MAP}. */
  public Coder<?> mapKeyCoder() {
    return mapKeyCoder;
  }

  @Override
  public String toString() {
    return "StateSpec(" + name + ", " + kind + ")";
  }
}
