package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The earlier run's complete output is never deleted before a new run has replaced it. */
class PreviousOutputTest {

  @TempDir
  Path out;

  private void part(String name, String content) throws Exception {
    Files.writeString(out.resolve(name), content);
  }

  private String[] parts(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted()
          .toArray(String[]::new);
    }
  }

  @Test
  void anUnfinishedRunsLeftoversNeverReplaceTheCompleteOutputKeptAside() throws Exception {
    PreviousOutput previous = new PreviousOutput(out);
    part("part-0-1-0.txt", "a\t1\n");
    part("part-1-1-0.txt", "b\t1\n");
    previous.finished(); // run A finished: complete output
    assertThat(previous.moveAside()).as("run B starts fresh").isEqualTo(2);
    assertThat(parts(previous.stash())).containsExactly("part-0-1-0.txt", "part-1-1-0.txt");
    part("part-0-9-0.txt", "a\t7\n"); // run B killed after one sink subtask committed
    assertThat(previous.moveAside()).as("run C starts fresh").isZero();
    assertThat(parts(out)).as("B's leftovers are gone").isEmpty();
    assertThat(parts(previous.stash())).as("A's complete output is still kept")
        .containsExactly("part-0-1-0.txt", "part-1-1-0.txt");
    part("part-0-12-0.txt", "a\t1\n");
    previous.finished(); // run C finished
    assertThat(Files.exists(previous.stash())).isFalse();
    assertThat(parts(out)).containsExactly("part-0-12-0.txt");
  }

  @Test
  void partsOfARunKilledWhileMovingThemAsideComeBackFirst() throws Exception {
    PreviousOutput previous = new PreviousOutput(out);
    part("part-0-1-0.txt", "a\t1\n");
    previous.finished();
    Path moving = Files.createDirectories(out.resolve(PreviousOutput.MOVING));
    part("part-1-1-0.txt", "b\t1\n");
    Files.move(out.resolve("part-0-1-0.txt"), moving.resolve("part-0-1-0.txt"));
    assertThat(previous.moveAside()).isEqualTo(2);
    assertThat(parts(previous.stash())).containsExactly("part-0-1-0.txt", "part-1-1-0.txt");
    assertThat(Files.exists(moving)).isFalse();
  }

  @Test
  void partsWithoutAMarkAreKeptWhenNothingIsKeptYet() throws Exception {
    PreviousOutput previous = new PreviousOutput(out);
    part("part-0-1-0.txt", "written before completion marks existed");
    assertThat(previous.moveAside()).isEqualTo(1);
    assertThat(previous.kept()).isEqualTo(1);
  }
}
