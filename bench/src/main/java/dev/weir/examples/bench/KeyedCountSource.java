package dev.weir.examples.bench;

import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyed-count workload's source: record {@code i} is {@code ("k" + (i * 2654435761 mod K), 1)}
 * for {@code i < N}, split across the source's subtasks by index range (fixed at the first
 * run). Checkpointable: a position entry is {@code [rangeStart, rangeEnd, next]}.
 */
public final class KeyedCountSource implements Source<KV<String, Long>> {
  private static final int RECORDS_PER_READ = 512;

  private final long n;
  private final long k;

  public KeyedCountSource(long n, long k) {
    this.n = n;
    this.k = k;
  }

  /** The key of record {@code i}. */
  public static String key(long i, long k) {
    return "k" + Math.floorMod(i * 2654435761L, k);
  }

  @Override
  public Coder<KV<String, Long>> coder() {
    return Types.kv(Types.STRING, Types.LONG);
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<KV<String, Long>, List<Long>> createReader(SourceContext context) {
    return new SourceReader<>() {
      private final List<long[]> ranges = new ArrayList<>();
      private int current;

      @Override
      public Coder<List<Long>> positionCoder() {
        return Types.list(Types.LONG);
      }

      @Override
      public void open(List<List<Long>> restored) {
        int p = context.parallelism();
        int s = context.subtaskIndex();
        if (restored.isEmpty()) {
          ranges.add(new long[] {n * s / p, n * (s + 1) / p, n * s / p});
          return;
        }
        for (int i = 0; i < restored.size(); i++) {
          if (i % p == s) {
            List<Long> e = restored.get(i);
            ranges.add(new long[] {e.get(0), e.get(1), e.get(2)});
          }
        }
      }

      @Override
      public ReadStatus read(SourceOutput<KV<String, Long>> output) {
        while (current < ranges.size()) {
          long[] r = ranges.get(current);
          if (r[2] >= r[1]) {
            current++;
            continue;
          }
          long end = Math.min(r[1], r[2] + RECORDS_PER_READ);
          for (long i = r[2]; i < end; i++) {
            output.emit(KV.of(key(i, k), 1L));
          }
          r[2] = end;
          return ReadStatus.MORE_AVAILABLE;
        }
        return ReadStatus.END_OF_INPUT;
      }

      @Override
      public List<List<Long>> snapshotPositions(long checkpointId) {
        List<List<Long>> out = new ArrayList<>();
        for (long[] r : ranges) {
          out.add(List.of(r[0], r[1], r[2]));
        }
        return out;
      }

      @Override
      public void close() {
      }
    };
  }
}
