package dev.weir.runtime.plan;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.sdk.JobPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PhysicalPlan} into the API's {@link JobPlan}: key-by steps are left out (an
 * input that is a key-by names the key-by's input), chains and exchanges keep their ids.
 */
final class PlanDescriber {

  private PlanDescriber() {
  }

  static JobPlan describe(PhysicalPlan plan) {
    List<JobPlan.Step> steps = new ArrayList<>();
    List<JobPlan.Chain> chains = new ArrayList<>();
    for (Chain c : plan.chains()) {
      chains.add(new JobPlan.Chain(c.id(), c.nodes().stream().map(LogicalNode::name).toList(),
          c.parallelism()));
      for (LogicalNode n : c.nodes()) {
        List<String> inputs = new ArrayList<>();
        for (LogicalNode in : n.inputs()) {
          inputs.add(producer(in).name());
        }
        steps.add(new JobPlan.Step(n.name(), n.kind().name(), n.description(), c.parallelism(),
            c.id(), inputs));
      }
    }
    steps.sort(java.util.Comparator.comparingInt(s -> nodeId(plan, s.name())));
    List<JobPlan.Exchange> exchanges = new ArrayList<>();
    for (Exchange e : plan.exchanges()) {
      exchanges.add(new JobPlan.Exchange(e.id(), e.from().name(), e.fromChain().id(),
          e.toChain().id(), e.toChain().head().name(), e.type().name(),
          e.keyBy() == null ? "" : e.keyBy().name()));
    }
    return new JobPlan(plan.jobName(), plan.maxParallelism(), steps, chains, exchanges);
  }

  /** The step whose records a step reads through {@code input}: a key-by's own input. */
  private static LogicalNode producer(LogicalNode input) {
    LogicalNode n = input;
    while (n.kind() == LogicalNode.Kind.KEY_BY && !n.inputs().isEmpty()) {
      n = n.inputs().get(0);
    }
    return n;
  }

  private static int nodeId(PhysicalPlan plan, String name) {
    for (Chain c : plan.chains()) {
      for (LogicalNode n : c.nodes()) {
        if (n.name().equals(name)) {
          return n.id();
        }
      }
    }
    return Integer.MAX_VALUE;
  }
}
