package dev.weir.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.state.ValueState;
import dev.weir.sdk.types.Types;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyedSnapshotterTest {
  private static final StateSpec<ValueState<Long>> SUM = StateSpec.value("sum", Types.LONG);
  private static final StateSpec<ValueState<String>> NAME = StateSpec.value("name", Types.STRING);

  /** After maxDeltaChain deltas the next snapshot is a full one, and the chain reads back. */
  @Test
  void startsANewChainFromMemoryWhenTheChainIsFull() throws Exception {
    List<StateSpec<?>> specs = List.of(SUM, NAME);
    HeapKeyedStateBackend backend = new HeapKeyedStateBackend("s", new KeyGroupRange(0, 127), specs);
    KeyedStateFormat format = new KeyedStateFormat("s", Types.STRING, specs);
    KeyedSnapshotter snapshotter = new KeyedSnapshotter("s", format, backend, new TimerQueue(),
        new TimerQueue(), 2);
    CheckpointStore store = CheckpointStores.inMemory();
    Map<String, Long> sums = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    List<Integer> deltaCounts = new ArrayList<>();
    List<Boolean> full = new ArrayList<>();
    for (int cp = 1; cp <= 7; cp++) {
      // The first round writes 1,000 keys; later rounds change 10 and delete one.
      for (int i = 0; i < (cp == 1 ? 1000 : 10); i++) {
        String key = "k" + (cp == 1 ? i : (cp * 37 + i * 101) % 1000);
        backend.setCurrentKey(key, KeyGroups.keyGroupOf(Types.STRING.hashOfEncoding(key), 128));
        long v = cp * 1000L + i;
        backend.state(SUM).update(v);
        sums.put(key, v);
        if (i == 3) {
          backend.state(NAME).clear();
          names.remove(key);
        } else {
          backend.state(NAME).update("n" + v);
          names.put(key, "n" + v);
        }
      }
      StepSnapshotPart part = snapshotter.snapshot(cp).persist(new SnapshotStorage(store, "j", cp));
      deltaCounts.add(part.keyed().deltas().size());
      full.add(part.fullBytes() > 0);
      // Read the chain back as a restore does.
      Map<String, Long> readSums = new HashMap<>();
      Map<String, String> readNames = new HashMap<>();
      List<StateHandle> chain = new ArrayList<>();
      chain.add(part.keyed().full());
      chain.addAll(part.keyed().deltas());
      for (StateHandle h : chain) {
        try (InputStream in = store.openBlob(h)) {
          format.read(in, new KeyedStateFormat.Visitor() {
            @Override
            public void state(int index, int keyGroup, Object key, Object value) {
              if (index == 0) {
                if (value == null) {
                  readSums.remove(key);
                } else {
                  readSums.put((String) key, (Long) value);
                }
              } else if (value == null) {
                readNames.remove(key);
              } else {
                readNames.put((String) key, (String) value);
              }
            }

            @Override
            public void timer(boolean eventTime, int keyGroup, Object key, long ts, boolean live) {
            }
          });
        }
      }
      assertThat(readSums).isEqualTo(sums);
      assertThat(readNames).isEqualTo(names);
    }
    assertThat(deltaCounts).containsExactly(0, 1, 2, 0, 1, 2, 0);
    assertThat(full).containsExactly(true, false, false, true, false, false, true);
  }
}
