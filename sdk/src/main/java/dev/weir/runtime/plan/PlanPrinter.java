package dev.weir.runtime.plan;

import dev.weir.runtime.graph.LogicalNode;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link PhysicalPlan} as text and as Graphviz DOT. */
final class PlanPrinter {
  private PlanPrinter() {
  }

  static String text(PhysicalPlan plan) {
    StringBuilder b = new StringBuilder();
    b.append("Job '").append(plan.jobName()).append("': ").append(plan.chains().size())
        .append(" chains, ").append(plan.taskCount()).append(" tasks, ")
        .append(plan.maxParallelism()).append(" key groups, fingerprint ")
        .append(plan.fingerprint()).append('\n');
    for (Chain c : plan.chains()) {
      b.append("Chain ").append(c.id()).append(" [parallelism ").append(c.parallelism())
          .append("]: ");
      b.append(c.nodes().stream().map(PlanPrinter::step).collect(Collectors.joining(" -> ")));
      b.append('\n');
      List<Exchange> in = plan.inputsOf(c);
      for (Exchange e : in) {
        b.append("  <- ").append(e.label()).append(" from '").append(e.from().name())
            .append("' (chain ").append(e.fromChain().id()).append(", ")
            .append(e.fromChain().parallelism()).append(" -> ").append(c.parallelism())
            .append(" subtasks");
        if (e.type() == ExchangeType.HASH) {
          b.append(", key groups 0..").append(plan.maxParallelism() - 1);
        }
        b.append(")\n");
      }
    }
    return b.toString();
  }

  private static String step(LogicalNode n) {
    String s = n.name() + " (" + n.description() + ")";
    if (!n.stateSpecs().isEmpty()) {
      s += " state=" + n.stateSpecs().stream().map(x -> x.name()).collect(Collectors.toList());
    }
    return s;
  }

  static String dot(PhysicalPlan plan) {
    StringBuilder b = new StringBuilder();
    b.append("digraph \"").append(escape(plan.jobName())).append("\" {\n");
    b.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
    for (Chain c : plan.chains()) {
      b.append("  subgraph cluster_").append(c.id()).append(" {\n");
      b.append("    label=\"chain ").append(c.id()).append(" (parallelism ")
          .append(c.parallelism()).append(")\";\n    style=rounded;\n");
      for (LogicalNode n : c.nodes()) {
        b.append("    n").append(n.id()).append(" [label=\"").append(escape(n.name()))
            .append("\\n").append(escape(n.description())).append("\"];\n");
      }
      for (int i = 1; i < c.nodes().size(); i++) {
        LogicalNode n = c.nodes().get(i);
        b.append("    n").append(n.inputs().get(0).id()).append(" -> n").append(n.id())
            .append(" [label=\"chained\"];\n");
      }
      b.append("  }\n");
    }
    for (Exchange e : plan.exchanges()) {
      b.append("  n").append(e.from().id()).append(" -> n").append(e.toChain().head().id())
          .append(" [label=\"").append(escape(e.label())).append("\", style=bold];\n");
    }
    b.append("}\n");
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
