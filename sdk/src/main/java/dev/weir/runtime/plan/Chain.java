package dev.weir.runtime.plan;

import dev.weir.runtime.graph.LogicalNode;
import java.util.List;

/**
 * Steps fused into one task: the head and the steps chained after it, in topological order.
 * Records pass between them by method call.
 *
 * @param id the chain's index in the plan
 * @param nodes the steps, head first
 * @param parallelism the number of subtasks
 */
public record Chain(int id, List<LogicalNode> nodes, int parallelism) {

  /** The first step: a source, the keyed step after an exchange, a union, or a step whose parallelism differs from its input's. */
  public LogicalNode head() {
    return nodes.get(0);
  }

  /** Whether the chain starts with a source. */
  public boolean isSource() {
    return head().kind() == LogicalNode.Kind.SOURCE;
  }

  /** Whether the head is a keyed step. */
  public boolean isKeyed() {
    return head().kind() == LogicalNode.Kind.KEYED_OPERATOR;
  }

  /** A name for threads and logs: the head's step name. */
  public String name() {
    return head().name();
  }
}
