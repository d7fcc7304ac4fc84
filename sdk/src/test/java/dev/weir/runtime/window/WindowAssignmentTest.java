package dev.weir.runtime.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.time.WindowSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowAssignmentTest {

  @Test
  void tumblingWindowsAreAlignedToTheEpochAlsoForNegativeTimestamps() {
    WindowSpec spec = WindowSpec.tumbling(Duration.ofMillis(10));
    assertThat(WindowAssignment.starts(spec, 0)).containsExactly(0);
    assertThat(WindowAssignment.starts(spec, 19)).containsExactly(10);
    assertThat(WindowAssignment.starts(spec, -1)).containsExactly(-10);
    assertThat(WindowAssignment.end(spec, 10)).isEqualTo(20);
  }

  @Test
  void aRecordIsInSizeOverSlideSlidingWindows() {
    WindowSpec spec = WindowSpec.sliding(Duration.ofMillis(10), Duration.ofMillis(5));
    assertThat(WindowAssignment.starts(spec, 12)).containsExactly(10, 5);
    assertThat(WindowAssignment.starts(spec, 10)).containsExactly(10, 5);
    assertThat(WindowAssignment.starts(spec, 1)).containsExactly(0, -5);
    WindowSpec uneven = WindowSpec.sliding(Duration.ofMillis(10), Duration.ofMillis(3));
    assertThat(WindowAssignment.starts(uneven, 10)).containsExactly(9, 6, 3);
    assertThat(WindowAssignment.starts(uneven, 11)).containsExactly(9, 6, 3);
    assertThat(WindowAssignment.starts(uneven, 12)).containsExactly(12, 9, 6, 3);
  }

  @Test
  void firingAndCleanupTimes() {
    WindowSpec late = WindowSpec.tumbling(Duration.ofMillis(10)).withAllowedLateness(Duration.ofMillis(5));
    assertThat(WindowAssignment.fireTime(10)).isEqualTo(9);
    assertThat(WindowAssignment.cleanupTime(late, 10)).isEqualTo(14);
    WindowSpec global = WindowSpec.global().withAllowedLateness(Duration.ofDays(1));
    long end = WindowAssignment.end(global, Long.MIN_VALUE);
    assertThat(end).isEqualTo(Long.MAX_VALUE);
    assertThat(WindowAssignment.cleanupTime(global, end)).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void invalidSpecsNameTheFix() {
    assertThatThrownBy(() -> WindowSpec.sliding(Duration.ofMillis(5), Duration.ofMillis(10)))
        .hasMessageContaining("tumbling");
    assertThatThrownBy(() -> WindowSpec.session(Duration.ZERO)).hasMessageContaining("at least 1 ms");
  }
}
