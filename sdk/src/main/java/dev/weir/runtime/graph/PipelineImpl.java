package dev.weir.runtime.graph;

import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.plan.Planner;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.io.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline behind {@link Pipeline#create}: the list of logical nodes in creation
 * (topological) order, and the name checks done as steps are added.
 */
public final class PipelineImpl implements Pipeline {
  private final PipelineOptions options;
  private final List<LogicalNode> nodes = new ArrayList<>();
  private final Map<String, LogicalNode> byName = new HashMap<>();

  public PipelineImpl(PipelineOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The runner's view of a pipeline built by the API. */
  public static PipelineImpl of(Pipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    if (pipeline instanceof PipelineImpl p) {
      return p;
    }
    throw new IllegalArgumentException("not a pipeline made by Pipeline.create(): " + pipeline.getClass());
  }

  @Override
  public PipelineOptions options() {
    return options;
  }

  /** The steps in creation order (inputs before their consumers). */
  public List<LogicalNode> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  @Override
  public <T> PStream<T> read(String name, Source<T> source) {
    Objects.requireNonNull(source, "source");
    LogicalNode node = addNode(name, LogicalNode.Kind.SOURCE, "source", List.of(), "a source step");
    node.source = source;
    node.emitsSideOutputs = source.emitsDeadLetters();
    node.setOutputCoder(source.coder());
    return new PStreamImpl<>(this, node, "");
  }

  /** Adds a node after checking its name; {@code what} describes the step for messages. */
  LogicalNode addNode(String name, LogicalNode.Kind kind, String description,
      List<LogicalNode> inputs, String what) {
    if (name == null || name.isBlank()) {
      String after = inputs.isEmpty() ? "" : " after '" + inputs.get(0).name() + "'";
      throw new PipelineValidationException(null, what + after + " has no name; every step needs "
          + "a stable, unique name as its first argument"
          + (kind == LogicalNode.Kind.KEYED_OPERATOR
              ? " (keyed state is found in checkpoints by the step's name)" : "")
          + ", e.g. process(\"countPerUser\", fn)");
    }
    LogicalNode existing = byName.get(name);
    if (existing != null) {
      throw new PipelineValidationException(name, "two steps are named '" + name + "' ("
          + existing.description() + " and " + description + "); give each step a unique name "
          + "(names identify a step's state in checkpoints)");
    }
    LogicalNode node = new LogicalNode(nodes.size(), name, kind, description, inputs);
    nodes.add(node);
    byName.put(name, node);
    return node;
  }

  /** Plans the pipeline. */
  public PhysicalPlan plan() {
    return Planner.plan(this);
  }

  @Override
  public String explain() {
    return plan().explain();
  }

  @Override
  public String explainDot() {
    return plan().toDot();
  }
}
