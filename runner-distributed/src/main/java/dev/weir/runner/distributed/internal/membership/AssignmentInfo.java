package dev.weir.runner.distributed.internal.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the assignor tells every member beside its partitions: the rebalance's id, subtasks
 * left without a slot, and which worker holds each task-topic partition. A tiny fixed binary
 * layout (it lives only inside the group protocol, never in a topic).
 */
record AssignmentInfo(String rebalanceId, int missingSlots, Map<Integer, String> workers) {
  private static final byte VERSION = 1;

  static byte[] encode(AssignmentInfo info) {
    byte[] id = info.rebalanceId.getBytes(StandardCharsets.UTF_8);
    int size = 1 + 4 + id.length + 4 + 4;
    Map<Integer, byte[]> names = new TreeMap<>();
    for (Map.Entry<Integer, String> e : info.workers.entrySet()) {
      byte[] n = e.getValue().getBytes(StandardCharsets.UTF_8);
      names.put(e.getKey(), n);
      size += 8 + n.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(VERSION).putInt(id.length).put(id)
        .putInt(info.missingSlots).putInt(names.size());
    names.forEach((p, n) -> b.putInt(p).putInt(n.length).put(n));
    return b.array();
  }

  static AssignmentInfo decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte version = b.get();
    if (version != VERSION) {
      throw new IllegalStateException("assignment data of version " + version + "; this worker "
          + "reads version " + VERSION + ": all workers of a cluster must run the same Weir version");
    }
    byte[] id = new byte[b.getInt()];
    b.get(id);
    int missing = b.getInt();
    int n = b.getInt();
    Map<Integer, String> workers = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      int p = b.getInt();
      byte[] name = new byte[b.getInt()];
      b.get(name);
      workers.put(p, new String(name, StandardCharsets.UTF_8));
    }
    return new AssignmentInfo(new String(id, StandardCharsets.UTF_8), missing, workers);
  }
}
