package dev.weir.store.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write and read throughput of one 100 MiB blob, median of 3 runs, each on a fresh store.
 * Excluded from normal builds (tag "soak"); run with
 * {@code mvn -o -pl sdk,io-files -am verify -Dweir.test.groups.excluded=none
 * -Dtest=ChronicleQueueBlobThroughputTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("soak")
class ChronicleQueueBlobThroughputTest {

  private static final int SIZE = 100 << 20;
  private static final int PIECE = 64 * 1024;

  @TempDir Path dir;

  @Test
  void hundredMibBlob() throws IOException {
    byte[] piece = new byte[PIECE];
    new SplittableRandom(1).nextBytes(piece);
    double[] write = new double[3];
    double[] read = new double[3];
    for (int run = 0; run < 3; run++) {
      Path runDir = Files.createDirectory(dir.resolve("run" + run));
      try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(runDir)) {
        long t0 = System.nanoTime();
        StateHandle h;
        try (BlobWriter out = store.openBlob("bench", 1)) {
          for (int n = 0; n < SIZE; n += PIECE) {
            out.write(piece);
          }
          h = out.finish();
        }
        long t1 = System.nanoTime();
        byte[] buf = new byte[PIECE];
        long total = 0;
        try (InputStream in = store.openBlob(h)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
          }
        }
        long t2 = System.nanoTime();
        assertThat(total).isEqualTo(SIZE);
        write[run] = SIZE / 1e6 / ((t1 - t0) / 1e9);
        read[run] = SIZE / 1e6 / ((t2 - t1) / 1e9);
      }
    }
    Arrays.sort(write);
    Arrays.sort(read);
    System.out.printf("chronicle 100 MiB blob: write %.0f MB/s (runs %s), read+verify %.0f MB/s "
        + "(runs %s)%n", write[1], Arrays.toString(write), read[1], Arrays.toString(read));
  }
}
