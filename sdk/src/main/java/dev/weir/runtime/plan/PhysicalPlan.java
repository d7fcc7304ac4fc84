package dev.weir.runtime.plan;

import dev.weir.runtime.graph.LogicalNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planner's output: chains (what runs as tasks), the exchanges between them, the
 * parallelism of every step, and a fingerprint that is equal for equal pipelines and options
 * in every process.
 */
public final class PhysicalPlan {
  private final String jobName;
  private final int maxParallelism;
  private final List<Chain> chains;
  private final List<Exchange> exchanges;
  private final Map<LogicalNode, Chain> chainOf;
  private final String fingerprint;
  private final List<String> stepDescriptors;

  PhysicalPlan(String jobName, int maxParallelism, List<Chain> chains, List<Exchange> exchanges,
      Map<LogicalNode, Chain> chainOf, String fingerprint, List<String> stepDescriptors) {
    this.stepDescriptors = List.copyOf(stepDescriptors);
    this.jobName = jobName;
    this.maxParallelism = maxParallelism;
    this.chains = List.copyOf(chains);
    this.exchanges = List.copyOf(exchanges);
    this.chainOf = Map.copyOf(chainOf);
    this.fingerprint = fingerprint;
  }

  public String jobName() {
    return jobName;
  }

  public int maxParallelism() {
    return maxParallelism;
  }

  public List<Chain> chains() {
    return chains;
  }

  public List<Exchange> exchanges() {
    return exchanges;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /**
   * One line per step (name, kind, parallelism, inputs, output and state schemas), in pipeline
   * order: what the fingerprint hashes, so a mismatch can name the first step that differs.
   */
  public List<String> stepDescriptors() {
    return stepDescriptors;
  }

  /**
   * Why a plan with {@code otherFingerprint} and {@code otherDescriptors} is not this plan, or
   * empty when the fingerprints are equal: names the first step that differs.
   */
  public java.util.Optional<String> mismatch(String otherFingerprint, List<String> otherDescriptors) {
    if (fingerprint.equals(otherFingerprint)) {
      return java.util.Optional.empty();
    }
    int n = Math.min(stepDescriptors.size(), otherDescriptors.size());
    for (int i = 0; i < n; i++) {
      if (!stepDescriptors.get(i).equals(otherDescriptors.get(i))) {
        String step = stepDescriptors.get(i);
        return java.util.Optional.of("step " + (i + 1) + " differs: here '" + step
            + "', there '" + otherDescriptors.get(i) + "'");
      }
    }
    if (stepDescriptors.size() != otherDescriptors.size()) {
      return java.util.Optional.of("here the job has " + stepDescriptors.size() + " steps, there "
          + otherDescriptors.size() + (stepDescriptors.size() > n ? "; first extra step here: '"
          + stepDescriptors.get(n) + "'" : "; first extra step there: '" + otherDescriptors.get(n)
          + "'"));
    }
    return java.util.Optional.of("the steps are equal but the maximum parallelism (key groups) "
        + "differs: fingerprint " + fingerprint + " here, " + otherFingerprint + " there");
  }

  /** The chain a (non-keyBy) step runs in. */
  public Chain chainOf(LogicalNode node) {
    return chainOf.get(node);
  }

  /** The exchanges into a chain, in plan order; their channels are numbered in this order. */
  public List<Exchange> inputsOf(Chain chain) {
    List<Exchange> in = new ArrayList<>();
    for (Exchange e : exchanges) {
      if (e.toChain() == chain) {
        in.add(e);
      }
    }
    return in;
  }

  /** The exchanges leaving {@code node}'s main or side output. */
  public List<Exchange> outputsOf(LogicalNode node) {
    List<Exchange> out = new ArrayList<>();
    for (Exchange e : exchanges) {
      if (e.from() == node) {
        out.add(e);
      }
    }
    return out;
  }

  /** Total number of subtasks. */
  public int taskCount() {
    return chains.stream().mapToInt(Chain::parallelism).sum();
  }

  /** The plan as text: chains with their steps, exchanges and parallelism. */
  public String explain() {
    return PlanPrinter.text(this);
  }

  /** The plan as the API describes it: steps, chains and exchanges (for consoles). */
  public dev.weir.sdk.JobPlan describe() {
    return PlanDescriber.describe(this);
  }

  /** The plan as a Graphviz DOT digraph. */
  public String toDot() {
    return PlanPrinter.dot(this);
  }
}
