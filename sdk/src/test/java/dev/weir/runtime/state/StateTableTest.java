package dev.weir.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.state.StateSpec;
import dev.weir.sdk.types.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateTableTest {
  private static final int MAX_PARALLELISM = 128;

  private static int keyGroup(String key) {
    return KeyGroups.keyGroupOf(Types.STRING.hashOfEncoding(key), MAX_PARALLELISM);
  }

  /** Random puts, removes and snapshots against a HashMap model, for both value layouts. */
  @Test
  void behavesLikeAMapWithChangeTracking() {
    for (StateSpec<?> spec : List.of(StateSpec.value("sum", Types.LONG),
        StateSpec.value("name", Types.STRING))) {
      boolean longs = spec.valueCoder() == Types.LONG;
      StateTable table = new StateTable(spec, new KeyGroupRange(0, MAX_PARALLELISM - 1));
      assertThat(table.isLongValued()).isEqualTo(longs);
      Map<String, Object> model = new HashMap<>();
      Set<String> changedSinceSnapshot = new HashSet<>();
      Random random = new Random(42);
      for (int step = 0; step < 200_000; step++) {
        // Fresh String objects, as records deliver them.
        String key = new String("k" + random.nextInt(5_000));
        int kg = keyGroup(key);
        int op = random.nextInt(100);
        if (op < 50) {
          Object v = longs ? (Object) (long) random.nextInt(1000) : "v" + random.nextInt(1000);
          table.put(key, kg, v);
          model.put(key, v);
          changedSinceSnapshot.add(key);
        } else if (op < 60) {
          table.remove(key, kg);
          if (model.remove(key) != null) {
            changedSinceSnapshot.add(key);
          }
        } else if (op < 99) {
          assertThat(table.get(key, kg)).isEqualTo(model.get(key));
        } else if (random.nextInt(50) == 0) {
          List<StateTable.Entry> changes = table.takeChanges();
          Set<Object> keys = new HashSet<>();
          for (StateTable.Entry e : changes) {
            assertThat(keys.add(e.key())).as("each change once").isTrue();
            assertThat(e.value()).isEqualTo(model.get((String) e.key()));
          }
          assertThat(keys).containsAll(changedSinceSnapshot);
          changedSinceSnapshot.clear();
        }
        assertThat(table.size()).isEqualTo(model.size());
      }
      Map<Object, Object> all = new HashMap<>();
      for (int kg = 0; kg < MAX_PARALLELISM; kg++) {
        for (Map.Entry<Object, Object> e : table.entries(kg).entrySet()) {
          assertThat(keyGroup((String) e.getKey())).isEqualTo(kg);
          all.put(e.getKey(), e.getValue());
        }
      }
      assertThat(all).isEqualTo(model);
    }
  }

  @Test
  void restoreDoesNotMarkChangesAndDeletesOnNull() {
    StateTable table = new StateTable(StateSpec.value("sum", Types.LONG), new KeyGroupRange(0, 127));
    table.ensureCapacity(10_000);
    for (int i = 0; i < 10_000; i++) {
      String k = "k" + i;
      table.restore(k, keyGroup(k), (long) i);
    }
    for (int i = 0; i < 10_000; i += 2) {
      String k = "k" + i;
      table.restore(k, keyGroup(k), null);
    }
    assertThat(table.changedCount()).isZero();
    assertThat(table.size()).isEqualTo(5_000);
    for (int i = 0; i < 10_000; i++) {
      String k = "k" + i;
      assertThat(table.get(new String(k), keyGroup(k))).isEqualTo(i % 2 == 0 ? null : (long) i);
    }
    table.markAllDirty();
    assertThat(table.changedCount()).isEqualTo(5_000);
  }
}
