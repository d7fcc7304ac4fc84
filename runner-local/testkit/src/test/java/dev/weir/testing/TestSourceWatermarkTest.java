package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reader of a scripted source emits, record by record and watermark by watermark. */
class TestSourceWatermarkTest {

  private static final TestSource<String> SCRIPT = TestSource.builder(Types.STRING)
      .add("a", 1).add("b", 5)
      .advanceWatermarkTo(10)
      .add("late", 3).add("c", 15)
      .advanceWatermarkTo(20)
      .build();

  @Test
  void aSingleReaderEmitsEachWatermarkWhereTheScriptHasIt() throws Exception {
    assertThat(readAll(SCRIPT, 0, 1, List.of()))
        .containsExactly("a@1", "b@5", "W10", "late@3", "c@15", "W20");
  }

  @Test
  void eachSubtaskEmitsAWatermarkAfterItsOwnRecordsBeforeIt() throws Exception {
    // subtask 0 reads records 0 and 2, subtask 1 records 1 and 3.
    assertThat(readAll(SCRIPT, 0, 2, List.of())).containsExactly("a@1", "W10", "late@3", "W20");
    assertThat(readAll(SCRIPT, 1, 2, List.of())).containsExactly("b@5", "W10", "c@15", "W20");
  }

  @Test
  void aRestoredReaderReEmitsTheWatermarkDueAtItsPositionFirst() throws Exception {
    // Split 0 of 1, restored after 3 records: W10 was emitted before the checkpoint.
    assertThat(readAll(SCRIPT, 0, 1, List.of(List.of(0L, 1L, 3L))))
        .containsExactly("W10", "c@15", "W20");
  }

  @Test
  void watermarksOnlyAdvance() {
    TestSource.Builder<String> b = TestSource.builder(Types.STRING).advanceWatermarkTo(10);
    assertThatThrownBy(() -> b.advanceWatermarkTo(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("advanceWatermarkTo(10) after advanceWatermarkTo(10)")
        .hasMessageContaining("only advance");
    assertThatThrownBy(() -> b.advanceWatermarkTo(Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("largest");
  }

  private static List<String> readAll(TestSource<String> source, int subtask, int parallelism,
      List<List<Long>> restored) throws Exception {
    SourceReader<String, List<Long>> reader = source.createReader(new SourceContext() {
      @Override public String stepName() { return "events"; }
      @Override public int subtaskIndex() { return subtask; }
      @Override public int parallelism() { return parallelism; }
    });
    reader.open(restored);
    List<String> seen = new ArrayList<>();
    SourceOutput<String> out = new SourceOutput<>() {
      @Override public void emit(String value) { seen.add(value); }
      @Override public void emit(String value, long timestamp) { seen.add(value + "@" + timestamp); }
      @Override public void emitWatermark(long watermark) { seen.add("W" + watermark); }
    };
    while (reader.read(out) != ReadStatus.END_OF_INPUT) {
      // read on
    }
    return seen;
  }
}
