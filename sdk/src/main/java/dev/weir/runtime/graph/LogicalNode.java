package dev.weir.runtime.graph;

import dev.weir.runtime.task.OperatorFactory;
import dev.weir.sdk.OutputTag;
import dev.weir.sdk.fn.KeyFn;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.types.Coder;
import java.util.List;

/**
 * One named step of the logical graph. Exactly one payload field is set, according to the
 * kind. Nodes are created in topological order: inputs always have smaller ids.
 */
public final class LogicalNode {

  /** What a step does, as far as the planner cares. */
  public enum Kind {
    SOURCE, OPERATOR, KEY_BY, KEYED_OPERATOR, UNION, SIDE_OUTPUT, SINK
  }

  private final int id;
  private final String name;
  private final Kind kind;
  private final String description;
  private final List<LogicalNode> inputs;
  private int parallelism;
  private Coder<?> outputCoder;

  Source<?> source;
  Sink<?> sink;
  OperatorFactory operatorFactory;
  KeyFn<?, ?> keyFn;
  Coder<?> keyCoder;
  OutputTag<?> tag;
  List<StateSpec<?>> stateSpecs = List.of();
  boolean emitsSideOutputs;
  /** Without an explicit parallelism, runs with its input's (and chains to it). */
  boolean inheritsParallelism;

  LogicalNode(int id, String name, Kind kind, String description, List<LogicalNode> inputs) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.description = description;
    this.inputs = List.copyOf(inputs);
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** A short word for explain(): "map", "keyed process", "count", "source", ... */
  public String description() {
    return description;
  }

  public List<LogicalNode> inputs() {
    return inputs;
  }

  /** The parallelism set on this step, 0 when it takes the pipeline's default. */
  public int parallelism() {
    return parallelism;
  }

  void setParallelism(int parallelism) {
    this.parallelism = parallelism;
  }

  public Coder<?> outputCoder() {
    return outputCoder;
  }

  void setOutputCoder(Coder<?> coder) {
    this.outputCoder = coder;
  }

  public Source<?> source() {
    return source;
  }

  public Sink<?> sink() {
    return sink;
  }

  public OperatorFactory operatorFactory() {
    return operatorFactory;
  }

  public KeyFn<?, ?> keyFn() {
    return keyFn;
  }

  public Coder<?> keyCoder() {
    return keyCoder;
  }

  public OutputTag<?> tag() {
    return tag;
  }

  public List<StateSpec<?>> stateSpecs() {
    return stateSpecs;
  }

  /** Whether the step's function can emit to side outputs. */
  public boolean inheritsParallelism() {
    return inheritsParallelism;
  }

  public boolean emitsSideOutputs() {
    return emitsSideOutputs;
  }

  /** Whether the step keeps keyed state (and so needs a stable name). */
  public boolean isStateful() {
    return kind == Kind.KEYED_OPERATOR;
  }

  @Override
  public String toString() {
    return name + "(" + description + ")";
  }
}
