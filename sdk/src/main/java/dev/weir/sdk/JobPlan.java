package dev.weir.sdk;

import java.util.List;

/**
 * The physical plan of a running job, as a console draws it: its steps, how the planner
 * chained them into tasks, and the exchanges between the tasks. {@link Pipeline#explain()}
 * prints the same plan as text.
 *
 * @param jobName the job
 * @param maxParallelism the number of key groups
 * @param steps every step but the key-by steps (which live on the sending side of a hash
 *     exchange), in pipeline order
 * @param chains the tasks, in plan order
 * @param exchanges the exchanges between tasks, in plan order
 */
public record JobPlan(String jobName, int maxParallelism, List<Step> steps, List<Chain> chains,
    List<Exchange> exchanges) {

  /** Copies the lists. */
  public JobPlan {
    steps = List.copyOf(steps);
    chains = List.copyOf(chains);
    exchanges = List.copyOf(exchanges);
  }

  /**
   * One step.
   *
   * @param name its unique name
   * @param kind {@code SOURCE}, {@code OPERATOR}, {@code KEYED_OPERATOR}, {@code UNION},
   *     {@code SIDE_OUTPUT} or {@code SINK}
   * @param description what it does, e.g. the function's class
   * @param parallelism its subtasks
   * @param chain the id of the chain it runs in
   * @param inputs the steps it reads from, within its chain or across an exchange
   */
  public record Step(String name, String kind, String description, int parallelism, int chain,
      List<String> inputs) {
    /** Copies the inputs. */
    public Step {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * Steps fused into one task.
   *
   * @param id its index in the plan
   * @param steps its steps, the head first
   * @param parallelism its subtasks
   */
  public record Chain(int id, List<String> steps, int parallelism) {
    /** Copies the steps. */
    public Chain {
      steps = List.copyOf(steps);
    }
  }

  /**
   * Records of one step flowing to the head of another chain.
   *
   * @param id its index in the plan
   * @param fromStep the producing step
   * @param fromChain the chain of the producing step
   * @param toChain the consuming chain
   * @param toStep the consuming step (the head of {@code toChain})
   * @param type {@code FORWARD}, {@code REBALANCE} or {@code HASH}
   * @param keyBy the key-by step of a {@code HASH} exchange, else empty
   */
  public record Exchange(int id, String fromStep, int fromChain, int toChain, String toStep,
      String type, String keyBy) {
  }
}
