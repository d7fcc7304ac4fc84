package dev.weir.io.kafka.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {

  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void theWatermarkIsTheMinimumOverActivePartitionsMinusTheBound() {
    PartitionWatermarks<String> w = new PartitionWatermarks<>(10, 0, now::get);
    w.track("a", Long.MIN_VALUE);
    w.track("b", Long.MIN_VALUE);
    assertThat(w.watermark()).as("b has no timestamp yet").isEqualTo(Long.MIN_VALUE);
    w.onRecord("a", 500);
    assertThat(w.watermark()).isEqualTo(Long.MIN_VALUE);
    w.onRecord("b", 300);
    assertThat(w.watermark()).isEqualTo(300 - 10 - 1);
    w.onRecord("b", 200);                       // out of order: the max stays
    assertThat(w.maxTimestamp("b")).isEqualTo(300);
    w.onRecord("b", 900);
    assertThat(w.watermark()).isEqualTo(500 - 10 - 1);
    assertThat(w.allIdle()).isFalse();
  }

  @Test
  void anIdlePartitionStopsHoldingTheWatermarkBackUntilItHasARecordAgain() {
    PartitionWatermarks<String> w = new PartitionWatermarks<>(0, 100, now::get);
    w.track("a", Long.MIN_VALUE);
    w.track("slow", Long.MIN_VALUE);
    w.onRecord("a", 50);
    w.onRecord("slow", 10);
    assertThat(w.watermark()).isEqualTo(9);
    now.addAndGet(60);
    w.onRecord("a", 80);
    assertThat(w.watermark()).as("slow is not idle yet").isEqualTo(9);
    now.addAndGet(40);                           // slow: 100 ms without a record
    assertThat(w.watermark()).isEqualTo(79);
    assertThat(w.allIdle()).isFalse();
    now.addAndGet(60);                           // a: 100 ms too
    assertThat(w.allIdle()).isTrue();
    assertThat(w.watermark()).isEqualTo(Long.MIN_VALUE);
    w.onRecord("slow", 20);
    assertThat(w.allIdle()).isFalse();
    assertThat(w.watermark()).isEqualTo(19);
  }

  @Test
  void aNewPartitionHoldsBackUntilItsFirstRecordOrIdleness() {
    PartitionWatermarks<String> w = new PartitionWatermarks<>(0, 100, now::get);
    w.track("a", Long.MIN_VALUE);
    w.onRecord("a", 50);
    w.track("new", Long.MIN_VALUE);
    assertThat(w.watermark()).isEqualTo(Long.MIN_VALUE);
    now.addAndGet(99);
    w.onRecord("a", 60);
    assertThat(w.watermark()).isEqualTo(Long.MIN_VALUE);
    now.addAndGet(1);
    assertThat(w.watermark()).isEqualTo(59);
  }

  @Test
  void aRestoredMaximumContinuesAndRemovedPartitionsDoNotCount() {
    PartitionWatermarks<String> w = new PartitionWatermarks<>(5, 0, now::get);
    w.track("a", 1_000);
    w.track("a", 0);                              // already tracked: unchanged
    assertThat(w.maxTimestamp("a")).isEqualTo(1_000);
    assertThat(w.watermark()).isEqualTo(994);
    w.onRecord("a", 10);
    assertThat(w.watermark()).isEqualTo(994);
    w.track("b", Long.MIN_VALUE);
    w.remove("b");
    assertThat(w.watermark()).isEqualTo(994);
    w.remove("a");
    assertThat(w.allIdle()).as("nothing tracked").isTrue();
  }

  @Test
  void withoutIdlenessPartitionsNeverGoIdle() {
    PartitionWatermarks<String> w = new PartitionWatermarks<>(0, 0, now::get);
    w.track("a", 7);
    now.addAndGet(1_000_000);
    assertThat(w.allIdle()).isFalse();
    assertThat(w.watermark()).isEqualTo(6);
  }
}
