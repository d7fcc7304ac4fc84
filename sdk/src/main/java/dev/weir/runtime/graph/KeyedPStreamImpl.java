package dev.weir.runtime.graph;

import dev.weir.runtime.operators.AggregateKeyedFn;
import dev.weir.runtime.operators.CountFn;
import dev.weir.runtime.operators.KeyedProcessOperator;
import dev.weir.runtime.operators.ReduceKeyedFn;
import dev.weir.sdk.KeyedPStream;
import dev.weir.sdk.PStream;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.fn.AggregateFn;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.fn.ReduceFn;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The handle on a keyBy node; its steps are keyed operators fed by a hash exchange. */
final class KeyedPStreamImpl<K, T> implements KeyedPStream<K, T> {
  private final PipelineImpl pipeline;
  private final LogicalNode keyBy;
  private final String scope;

  KeyedPStreamImpl(PipelineImpl pipeline, LogicalNode keyBy, String scope) {
    this.pipeline = pipeline;
    this.keyBy = keyBy;
    this.scope = scope;
  }

  @Override
  public String stepName() {
    return keyBy.name();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Coder<K> keyCoder() {
    return (Coder<K>) keyBy.keyCoder();
  }

  private String qualify(String name) {
    if (name != null && name.contains("/")) {
      throw new PipelineValidationException(name, "step name '" + name + "' contains '/', which "
          + "separates the names of composite transforms; choose a name without '/'");
    }
    return name == null || name.isBlank() ? name : scope + name;
  }

  private <R> PStream<R> keyed(String name, String description, KeyedProcessFn<?, ?, ?> fn,
      Coder<?> outputCoder) {
    LogicalNode n = pipeline.addNode(qualify(name), LogicalNode.Kind.KEYED_OPERATOR, description,
        List.of(keyBy), "the keyed " + description + " step");
    n.stateSpecs = validateSpecs(n.name(), fn.stateSpecs());
    n.operatorFactory = () -> new KeyedProcessOperator(fn);
    n.emitsSideOutputs = true;
    n.setOutputCoder(outputCoder);
    return new PStreamImpl<>(pipeline, n, scope);
  }

  static List<StateSpec<?>> validateSpecs(String step, List<StateSpec<?>> specs) {
    if (specs == null) {
      throw new PipelineValidationException(step, "step '" + step
          + "' returned null from stateSpecs(); return List.of() when it has no state");
    }
    Set<String> names = new HashSet<>();
    for (StateSpec<?> spec : specs) {
      if (spec == null) {
        throw new PipelineValidationException(step, "step '" + step
            + "' lists a null StateSpec in stateSpecs(); declare each spec as a static final field");
      }
      if (!names.add(spec.name())) {
        throw new PipelineValidationException(step, "step '" + step + "' declares state '"
            + spec.name() + "' twice; give each StateSpec in this step a distinct name");
      }
      if (spec.valueCoder() == null
          || spec.kind() == StateSpec.Kind.MAP && spec.mapKeyCoder() == null) {
        throw new PipelineValidationException(step, "step '" + step + "' declares state '"
            + spec.name() + "' without a coder; state is checkpointed with Avro, so pass one, "
            + "e.g. StateSpec.value(\"" + spec.name() + "\", Types.LONG)");
      }
    }
    return List.copyOf(specs);
  }

  @Override
  public <R> PStream<R> process(String name, KeyedProcessFn<K, ? super T, R> fn) {
    Objects.requireNonNull(fn, "fn");
    return keyed(name, "keyed process", fn, null);
  }

  @Override
  public <R> PStream<R> processStateful(String name,
      java.util.function.Supplier<? extends dev.weir.sdk.fn.OperatorStateFn<? super T, R, ?>> factory) {
    Objects.requireNonNull(factory, "factory");
    LogicalNode n = pipeline.addNode(qualify(name), LogicalNode.Kind.KEYED_OPERATOR,
        "operator-state process", List.of(keyBy), "the operator-state step");
    n.operatorFactory = () -> new dev.weir.runtime.operators.OperatorStateOperator(factory);
    n.emitsSideOutputs = true;
    return new PStreamImpl<>(pipeline, n, scope);
  }

  @Override
  public dev.weir.sdk.WindowedPStream<K, T> window(dev.weir.sdk.time.WindowSpec spec) {
    return new WindowedPStreamImpl<>(this, Objects.requireNonNull(spec, "spec"), null);
  }

  /** Adds a keyed window step (for {@link WindowedPStreamImpl}). */
  <R> PStream<R> windowStep(String name, KeyedProcessFn<?, ?, ?> fn, Coder<?> outputCoder) {
    return keyed(name, "window", fn, outputCoder);
  }

  String qualifiedName(String name) {
    return qualify(name);
  }

  @SuppressWarnings("unchecked")
  Coder<T> inputCoder() {
    return (Coder<T>) keyBy.outputCoder();
  }

  String keyByName() {
    return keyBy.name();
  }

  @Override
  public PStream<KV<K, Long>> count(String name) {
    return keyed(name, "count", new CountFn<K, T>(), Types.kv(keyCoder(), Types.LONG));
  }

  @Override
  @SuppressWarnings("unchecked")
  public PStream<KV<K, T>> reduce(String name, ReduceFn<T> fn) {
    Objects.requireNonNull(fn, "fn");
    Coder<T> coder = (Coder<T>) keyBy.outputCoder();
    if (coder == null) {
      String q = qualify(name);
      throw new PipelineValidationException(q, "step '" + q + "' keeps the reduced value in "
          + "state but the coder of its input is unknown; declare it on the input, e.g. "
          + "stream.withCoder(Types.LONG) before keyBy(\"" + keyBy.name() + "\", ...)");
    }
    return keyed(name, "reduce", new ReduceKeyedFn<K, T>(fn, coder), Types.kv(keyCoder(), coder));
  }

  @Override
  public <A, R> PStream<KV<K, R>> aggregate(String name, AggregateFn<? super T, A, R> fn) {
    Objects.requireNonNull(fn, "fn");
    if (fn.accumulatorCoder() == null) {
      String q = qualify(name);
      throw new PipelineValidationException(q, "step '" + q + "' has an AggregateFn without an "
          + "accumulator coder; return one from accumulatorCoder(), e.g. Types.LONG");
    }
    return keyed(name, "aggregate", new AggregateKeyedFn<K, T, A, R>(fn), null);
  }
}
