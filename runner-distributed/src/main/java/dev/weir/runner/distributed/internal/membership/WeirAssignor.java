package dev.weir.runner.distributed.internal.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns a job's task-topic partitions (0: the coordinator, {@code 1 + i}: subtask {@code i})
 * to the workers of the job's consumer group. Eager: every rebalance revokes everything, which
 * is the global rollback the runner wants anyway.
 *
 * <p>Subtasks go round robin over the members in member-id order, each member taking at most
 * the free slots it announced in its subscription; the coordinator partition goes to the
 * first member. Every rebalance gets a fresh random id, handed to every member in its
 * assignment: the coordinator's {@code START} names it, so a member starts its subtasks only
 * for the rebalance that gave them (group generations restart at 1 when a group empties; ids do
 * not repeat). When the members' slots do not cover every subtask, the assignment says so and
 * the coordinator waits instead of starting a job that cannot run.
 *
 * <p>Kafka creates the assignor from its class name; the member learns its assignment through
 * the {@link Listener} given in the consumer's configuration under {@link #LISTENER_CONFIG}.
 */
public final class WeirAssignor implements ConsumerPartitionAssignor, Configurable {
  /** Consumer configuration key holding this member's {@link Listener} (an object, not a string). */
  public static final String LISTENER_CONFIG = "weir.assignment.listener";
  /** Consumer configuration key holding this member's free slots (an Integer). */
  public static final String SLOTS_CONFIG = "weir.assignment.slots";
  /** Consumer configuration key holding this member's worker name (a String, for status). */
  public static final String WORKER_CONFIG = "weir.assignment.worker";

  /** What a member learns from each rebalance. */
  public interface Listener {
    /**
     * @param rebalanceId unique id of the rebalance
     * @param generation the group generation
     * @param missingSlots subtasks left unassigned for lack of slots (0: the job can run)
     * @param workers every member's worker name by task-topic partition
     */
    void onAssignment(String rebalanceId, int generation, int missingSlots,
        Map<Integer, String> workers, List<TopicPartition> partitions);
  }

  private Listener listener = (id, g, m, w, p) -> { };
  private int slots = Integer.MAX_VALUE;
  private String worker = "?";

  @Override
  public void configure(Map<String, ?> configs) {
    Object l = configs.get(LISTENER_CONFIG);
    if (l instanceof Listener given) {
      listener = given;
    }
    Object s = configs.get(SLOTS_CONFIG);
    if (s instanceof Integer given) {
      slots = given;
    }
    Object w = configs.get(WORKER_CONFIG);
    if (w instanceof String given) {
      worker = given;
    }
  }

  @Override
  public String name() {
    return "weir";
  }

  @Override
  public ByteBuffer subscriptionUserData(java.util.Set<String> topics) {
    byte[] name = worker.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + name.length).putInt(slots).putInt(name.length).put(name).flip();
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    Map<String, Subscription> subs = groupSubscription.groupSubscription();
    List<String> members = new ArrayList<>(subs.keySet());
    members.sort(null);
    Map<String, Integer> free = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (String m : members) {
      ByteBuffer b = subs.get(m).userData();
      if (b == null || b.remaining() < 8) {
        free.put(m, Integer.MAX_VALUE);
        names.put(m, m);
        continue;
      }
      b = b.duplicate();
      free.put(m, b.getInt());
      byte[] name = new byte[b.getInt()];
      b.get(name);
      names.put(m, new String(name, StandardCharsets.UTF_8));
    }
    Map<String, List<TopicPartition>> owned = new HashMap<>();
    members.forEach(m -> owned.put(m, new ArrayList<>()));
    Map<Integer, String> workers = new HashMap<>();
    int missing = 0;
    String topic = subs.get(members.get(0)).topics().get(0);
    Integer count = metadata.partitionCountForTopic(topic);
    int partitions = count == null ? 0 : count;
    if (partitions > 0) {
      owned.get(members.get(0)).add(new TopicPartition(topic, 0));
      workers.put(0, names.get(members.get(0)));
    }
    int next = 0;
    for (int p = 1; p < partitions; p++) {
      String chosen = null;
      for (int tries = 0; tries < members.size() && chosen == null; tries++) {
        String m = members.get((next + tries) % members.size());
        if (free.get(m) > 0) {
          chosen = m;
          next = (next + tries + 1) % members.size();
        }
      }
      if (chosen == null) {
        missing++;
        continue;
      }
      free.put(chosen, free.get(chosen) - 1);
      owned.get(chosen).add(new TopicPartition(topic, p));
      workers.put(p, names.get(chosen));
    }
    byte[] userData = AssignmentInfo.encode(new AssignmentInfo(UUID.randomUUID().toString(),
        missing, workers));
    Map<String, Assignment> out = new HashMap<>();
    for (String m : members) {
      out.put(m, new Assignment(owned.get(m), ByteBuffer.wrap(userData)));
    }
    return new GroupAssignment(out);
  }

  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
    ByteBuffer b = assignment.userData();
    if (b == null) {
      return;
    }
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    AssignmentInfo info = AssignmentInfo.decode(bytes);
    listener.onAssignment(info.rebalanceId(), metadata.generationId(), info.missingSlots(),
        info.workers(), assignment.partitions());
  }
}
