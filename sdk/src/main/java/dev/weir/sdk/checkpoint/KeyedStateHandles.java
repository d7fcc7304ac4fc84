package dev.weir.sdk.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keyed state of one step for one contiguous range of key groups: a full snapshot plus the
 * deltas written on top of it since.
 *
 * <p>Restoring the range means loading {@link #full()} and applying each of {@link #deltas()}
 * in order (upserts and deletions). A range is written by one subtask; on restore at another
 * parallelism a subtask reads every range that overlaps the key groups it now owns.
 *
 * @param keyGroupStart the first key group of the range, at least 0
 * @param keyGroupEndInclusive the last key group of the range, at least {@code keyGroupStart}
 * @param full the full snapshot of the range
 * @param deltas incremental snapshots on top of {@code full}, oldest first; may be empty
 */
public record KeyedStateHandles(
    int keyGroupStart, int keyGroupEndInclusive, StateHandle full, List<StateHandle> deltas) {

  /** Validates the fields and copies {@code deltas} into an unmodifiable list. */
  public KeyedStateHandles {
    Objects.requireNonNull(full, "full");
    Objects.requireNonNull(deltas, "deltas");
    if (keyGroupStart < 0 || keyGroupEndInclusive < keyGroupStart) {
      throw new IllegalArgumentException("key group range " + keyGroupStart + ".."
          + keyGroupEndInclusive + " is invalid: need 0 <= keyGroupStart <= keyGroupEndInclusive");
    }
    deltas = List.copyOf(deltas);
  }

  /** A range with a full snapshot only. */
  public static KeyedStateHandles full(int keyGroupStart, int keyGroupEndInclusive,
      StateHandle full) {
    return new KeyedStateHandles(keyGroupStart, keyGroupEndInclusive, full, List.of());
  }

  /** A copy of this range with {@code delta} appended as the newest delta. */
  public KeyedStateHandles withDelta(StateHandle delta) {
    List<StateHandle> next = new ArrayList<>(deltas);
    next.add(Objects.requireNonNull(delta, "delta"));
    return new KeyedStateHandles(keyGroupStart, keyGroupEndInclusive, full, next);
  }

  /** The number of key groups in the range. */
  public int keyGroupCount() {
    return keyGroupEndInclusive - keyGroupStart + 1;
  }

  /** Whether key group {@code keyGroup} is in the range. */
  public boolean contains(int keyGroup) {
    return keyGroup >= keyGroupStart && keyGroup <= keyGroupEndInclusive;
  }
}
