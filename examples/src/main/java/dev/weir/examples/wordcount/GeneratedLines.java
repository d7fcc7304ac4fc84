package dev.weir.examples.wordcount;

import dev.weir.sdk.io.ModuloSplits;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.List;

/**
 * A bounded, checkpointable source of generated English-like lines: line {@code i} is a
 * deterministic function of {@code i}, so a run can be checked against a plain count.
 * Line {@code i} is read by subtask {@code i % p} (p fixed at the first run).
 */
public final class GeneratedLines implements Source<String> {
  private static final String[] WORDS = ("the of and to in is was that for on with as by at from "
      + "stream state checkpoint barrier weir river water flow key group task window timer record "
      + "snapshot restore coordinator kafka chronicle avro sink source operator chain exchange "
      + "parallel subtask watermark event time session tumbling sliding count reduce aggregate")
      .split(" ");

  private final long lines;
  private final int wordsPerLine;

  /** {@code lines} lines of {@code wordsPerLine} words each. */
  public GeneratedLines(long lines, int wordsPerLine) {
    this.lines = lines;
    this.wordsPerLine = wordsPerLine;
  }

  /** Line {@code i} of the corpus. */
  public String line(long i) {
    StringBuilder b = new StringBuilder();
    long x = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    for (int w = 0; w < wordsPerLine; w++) {
      x ^= x >>> 33;
      x *= 0xFF51AFD7ED558CCDL;
      x ^= x >>> 29;
      // Skewed choice: low indexes (common words) come up more often.
      int a = (int) Long.remainderUnsigned(x, WORDS.length);
      int c = (int) Long.remainderUnsigned(x >>> 17, WORDS.length);
      if (w > 0) {
        b.append(w % 7 == 3 ? ", " : " ");
      }
      b.append(WORDS[Math.min(a, c)]);
    }
    return b.append('.').toString();
  }

  /** Number of lines. */
  public long lines() {
    return lines;
  }

  @Override
  public Coder<String> coder() {
    return Types.STRING;
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<String, List<Long>> createReader(SourceContext context) {
    ModuloSplits splits = new ModuloSplits();
    return new SourceReader<>() {
      private int current;

      @Override
      public Coder<List<Long>> positionCoder() {
        return ModuloSplits.POSITION_CODER;
      }

      @Override
      public void open(List<List<Long>> restored) {
        splits.open(context, restored);
      }

      @Override
      public ReadStatus read(SourceOutput<String> output) {
        List<ModuloSplits.Split> all = splits.all();
        for (int n = 0; n < 128 && current < all.size(); ) {
          ModuloSplits.Split s = all.get(current);
          if (s.nextIndex() >= lines) {
            current++;
            continue;
          }
          output.emit(line(s.nextIndex()));
          s.advance();
          n++;
        }
        return current < all.size() ? ReadStatus.MORE_AVAILABLE : ReadStatus.END_OF_INPUT;
      }

      @Override
      public List<List<Long>> snapshotPositions(long checkpointId) {
        return splits.positions();
      }

      @Override
      public void close() {
      }
    };
  }
}
