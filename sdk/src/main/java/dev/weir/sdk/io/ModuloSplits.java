package dev.weir.sdk.io;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Positions of a reader over an indexed sequence split modulo a split count (SPI helper for
 * source authors): split {@code s} of {@code n} holds indexes {@code s, s+n, s+2n, ...}. A
 * fresh reader owns split {@code subtask} of {@code parallelism}; a restored reader owns the
 * restored splits {@code s} with {@code s % parallelism == subtask}, so a job restored at
 * another parallelism reads every index exactly once.
 *
 * <pre>{@code
 * private final ModuloSplits splits = new ModuloSplits();
 * public Coder<List<Long>> positionCoder() { return ModuloSplits.POSITION_CODER; }
 * public void open(List<List<Long>> restored) { splits.open(context, restored); }
 * public ReadStatus read(SourceOutput<T> out) {
 *   for (ModuloSplits.Split s : splits.all()) {
 *     while (s.nextIndex() < size) { out.emit(valueAt(s.nextIndex())); s.advance(); }
 *   }
 *   return ReadStatus.END_OF_INPUT;
 * }
 * public List<List<Long>> snapshotPositions(long id) { return splits.positions(); }
 * }</pre>
 *
 * <p>A position entry is {@code [split, splitCount, next position within the split]}.
 * Not thread-safe: one per reader.
 */
public final class ModuloSplits {
  /** The coder of position entries. */
  public static final Coder<List<Long>> POSITION_CODER = Types.list(Types.LONG);

  /** One split and how far it was read. */
  public static final class Split {
    private final long split;
    private final long count;
    private long next;

    Split(long split, long count, long next) {
      this.split = split;
      this.count = count;
      this.next = next;
    }

    /** The sequence index this split reads next. */
    public long nextIndex() {
      return split + next * count;
    }

    /** The distance between two indexes of this split (its split count). */
    public long stride() {
      return count;
    }

    /** Marks {@link #nextIndex()} as read. */
    public void advance() {
      next++;
    }
  }

  private final List<Split> splits = new ArrayList<>();

  /** Takes the splits this reader owns (see the class comment). */
  public void open(SourceContext context, List<List<Long>> restored) {
    splits.clear();
    if (restored.isEmpty()) {
      splits.add(new Split(context.subtaskIndex(), context.parallelism(), 0));
      return;
    }
    for (List<Long> e : restored) {
      if (e.get(0) % context.parallelism() == context.subtaskIndex()) {
        splits.add(new Split(e.get(0), e.get(1), e.get(2)));
      }
    }
  }

  /** The owned splits, in order. */
  public List<Split> all() {
    return splits;
  }

  /** The position entries to checkpoint. */
  public List<List<Long>> positions() {
    List<List<Long>> out = new ArrayList<>(splits.size());
    for (Split s : splits) {
      out.add(List.of(s.split, s.count, s.next));
    }
    return out;
  }
}
