package dev.weir.runtime.graph;

import dev.weir.runtime.operators.FilterOperator;
import dev.weir.runtime.operators.FlatMapOperator;
import dev.weir.runtime.operators.MapOperator;
import dev.weir.runtime.operators.PassThroughOperator;
import dev.weir.runtime.operators.ProcessOperator;
import dev.weir.runtime.operators.SinkOperator;
import dev.weir.sdk.KeyedPStream;
import dev.weir.sdk.OutputTag;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.SinkStep;
import dev.weir.sdk.Transform;
import dev.weir.sdk.fn.FilterFn;
import dev.weir.sdk.fn.FlatMapFn;
import dev.weir.sdk.fn.KeyFn;
import dev.weir.sdk.fn.MapFn;
import dev.weir.sdk.fn.ProcessFn;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.types.Coder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The handle on one node's output. {@code scope} prefixes the names of steps added through
 * it ("outer/" inside a composite transform).
 */
final class PStreamImpl<T> implements PStream<T> {
  private final PipelineImpl pipeline;
  private final LogicalNode node;
  private final String scope;

  PStreamImpl(PipelineImpl pipeline, LogicalNode node, String scope) {
    this.pipeline = pipeline;
    this.node = node;
    this.scope = scope;
  }

  LogicalNode node() {
    return node;
  }

  private String qualify(String name) {
    if (name != null && name.contains("/")) {
      throw new PipelineValidationException(name, "step name '" + name + "' contains '/', which "
          + "separates the names of composite transforms; choose a name without '/'");
    }
    return name == null || name.isBlank() ? name : scope + name;
  }

  private <R> PStreamImpl<R> next(LogicalNode n) {
    return new PStreamImpl<>(pipeline, n, scope);
  }

  @Override
  public Pipeline pipeline() {
    return pipeline;
  }

  @Override
  public String stepName() {
    return node.name();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Coder<T> coder() {
    return (Coder<T>) node.outputCoder();
  }

  @Override
  public PStream<T> withCoder(Coder<T> coder) {
    node.setOutputCoder(Objects.requireNonNull(coder, "coder"));
    return this;
  }

  @Override
  public PStream<T> withParallelism(int parallelism) {
    if (parallelism < 1) {
      throw new PipelineValidationException(node.name(), "step '" + node.name()
          + "' has parallelism " + parallelism + "; use a parallelism >= 1");
    }
    if (node.kind() == LogicalNode.Kind.SIDE_OUTPUT) {
      throw new PipelineValidationException(node.name(), "side output '" + node.name()
          + "' always runs with the parallelism of its step '" + node.inputs().get(0).name()
          + "'; set the parallelism on that step instead");
    }
    node.setParallelism(parallelism);
    return this;
  }

  private LogicalNode operator(String name, String description, Object fn,
      dev.weir.runtime.task.OperatorFactory factory) {
    Objects.requireNonNull(fn, "fn");
    LogicalNode n = pipeline.addNode(qualify(name), LogicalNode.Kind.OPERATOR, description,
        List.of(node), "a " + description + " step");
    n.operatorFactory = factory;
    return n;
  }

  @Override
  public <R> PStream<R> map(String name, MapFn<? super T, ? extends R> fn) {
    return next(operator(name, "map", fn, () -> new MapOperator(fn)));
  }

  @Override
  public <R> PStream<R> flatMap(String name, FlatMapFn<? super T, ? extends R> fn) {
    return next(operator(name, "flatMap", fn, () -> new FlatMapOperator(fn)));
  }

  @Override
  public PStream<T> filter(String name, FilterFn<? super T> fn) {
    LogicalNode n = operator(name, "filter", fn, () -> new FilterOperator(fn));
    n.setOutputCoder(node.outputCoder());
    return next(n);
  }

  @Override
  public <R> PStream<R> process(String name, ProcessFn<? super T, R> fn) {
    LogicalNode n = operator(name, "process", fn, () -> new ProcessOperator(fn));
    n.emitsSideOutputs = true;
    return next(n);
  }

  @Override
  public <R> PStream<R> processStateful(String name,
      java.util.function.Supplier<? extends dev.weir.sdk.fn.OperatorStateFn<? super T, R, ?>> factory) {
    Objects.requireNonNull(factory, "factory");
    LogicalNode n = pipeline.addNode(qualify(name), LogicalNode.Kind.OPERATOR, "operator-state process",
        List.of(node), "a stateful step");
    n.operatorFactory = () -> new dev.weir.runtime.operators.OperatorStateOperator(factory);
    n.emitsSideOutputs = true;
    return next(n);
  }

  @Override
  public PStream<T> assignTimestampsAndWatermarks(String name,
      dev.weir.sdk.time.WatermarkStrategy<? super T> strategy) {
    LogicalNode n = operator(name, "timestamps and watermarks", strategy,
        () -> new dev.weir.runtime.operators.WatermarkAssignerOperator(strategy));
    n.setOutputCoder(node.outputCoder());
    n.inheritsParallelism = true;
    return next(n);
  }

  @Override
  public <K> KeyedPStream<K, T> keyBy(String name, KeyFn<? super T, K> fn, Coder<K> keyCoder) {
    Objects.requireNonNull(fn, "fn");
    String qualified = qualify(name);
    if (keyCoder == null) {
      throw new PipelineValidationException(qualified, "step '" + qualified + "' has no key coder; "
          + "pass the coder of the key, e.g. keyBy(\"" + qualified + "\", fn, Types.STRING)");
    }
    if (!keyCoder.isDeterministic()) {
      throw new PipelineValidationException(qualified, "step '" + qualified + "' uses key coder "
          + keyCoder + ", which is not deterministic; key groups are computed from the key's "
          + "encoding, so use a deterministic coder (Types.STRING, Types.LONG, a record without maps)");
    }
    LogicalNode n = pipeline.addNode(qualified, LogicalNode.Kind.KEY_BY, "keyBy", List.of(node),
        "a keyBy step");
    n.keyFn = fn;
    n.keyCoder = keyCoder;
    n.setOutputCoder(node.outputCoder());
    return new KeyedPStreamImpl<>(pipeline, n, scope);
  }

  @Override
  @SafeVarargs
  public final PStream<T> union(String name, PStream<T>... others) {
    return union(name, Arrays.asList(others));
  }

  @Override
  public PStream<T> union(String name, List<PStream<T>> others) {
    List<LogicalNode> inputs = new ArrayList<>();
    inputs.add(node);
    for (PStream<T> o : others) {
      if (!(o instanceof PStreamImpl<T> impl) || impl.pipeline != pipeline) {
        throw new PipelineValidationException(qualify(name), "union '" + qualify(name)
            + "' mixes streams of different pipelines; build all inputs from the same Pipeline");
      }
      inputs.add(impl.node);
    }
    LogicalNode n = pipeline.addNode(qualify(name), LogicalNode.Kind.UNION, "union", inputs,
        "a union step");
    n.operatorFactory = PassThroughOperator::new;
    n.setOutputCoder(node.outputCoder());
    return next(n);
  }

  @Override
  public <X> PStream<X> sideOutput(OutputTag<X> tag) {
    Objects.requireNonNull(tag, "tag");
    if (!node.emitsSideOutputs()) {
      throw new PipelineValidationException(node.name(), "step '" + node.name() + "' is a "
          + node.description() + " and has no side outputs; emit to " + tag
          + " from a process step (process(name, fn) with ctx.output(tag, value))");
    }
    String name = node.name() + "." + tag.id();
    LogicalNode n = pipeline.addNode(name, LogicalNode.Kind.SIDE_OUTPUT, "side output",
        List.of(node), "a side output");
    n.tag = tag;
    n.operatorFactory = PassThroughOperator::new;
    n.setOutputCoder(tag.coder());
    return next(n);
  }

  @Override
  public <R> PStream<R> apply(String name, Transform<T, R> transform) {
    Objects.requireNonNull(transform, "transform");
    String inner = qualify(name);
    if (inner == null || inner.isBlank()) {
      throw new PipelineValidationException(null, "a composite transform applied after '"
          + node.name() + "' has no name; give it one: apply(\"myTransform\", t)");
    }
    PStream<R> out = transform.expand(new PStreamImpl<>(pipeline, node, inner + "/"));
    if (!(out instanceof PStreamImpl<R> impl) || impl.pipeline != pipeline) {
      throw new PipelineValidationException(inner, "composite transform '" + inner
          + "' returned a stream of another pipeline (or null); return a stream built from its input");
    }
    return new PStreamImpl<>(pipeline, impl.node, scope);
  }

  @Override
  public SinkStep write(String name, Sink<? super T> sink) {
    Objects.requireNonNull(sink, "sink");
    LogicalNode n = pipeline.addNode(qualify(name), LogicalNode.Kind.SINK, "sink", List.of(node),
        "a sink step");
    n.sink = sink;
    n.operatorFactory = () -> new SinkOperator(sink);
    return new SinkStep() {
      @Override
      public String name() {
        return n.name();
      }

      @Override
      public SinkStep withParallelism(int parallelism) {
        new PStreamImpl<>(pipeline, n, scope).withParallelism(parallelism);
        return this;
      }
    };
  }

  @Override
  public String toString() {
    return "PStream(" + node.name() + ")";
  }
}
