package dev.weir.runner.distributed.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.runner.distributed.internal.protocol.ControlMessage.End;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Start;
import dev.weir.runner.distributed.internal.protocol.ControlMessage.Trigger;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Ack;
import dev.weir.runner.distributed.internal.protocol.TaskReport.RecordsRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages' compact constructors reject invalid fields and copy their collections. */
class ProtocolMessagesTest {

  @Test
  void jobDefinitionRejectsABlankIdAndCopiesItsCollections() {
    assertThatThrownBy(() -> new JobDefinition(" ", "F", Map.of(), List.of(), "", List.of(), 0,
        false)).hasMessageContaining("jobId of a job definition must not be blank");
    List<String> args = new ArrayList<>(List.of("a"));
    Map<String, String> options = new HashMap<>(Map.of("k", "v"));
    JobDefinition d = new JobDefinition("j", "F", options, args, "", List.of(), 0, false);
    args.add("b");
    options.put("k2", "v2");
    assertThat(d.args()).containsExactly("a");
    assertThat(d.options()).containsOnlyKeys("k");
    assertThatThrownBy(() -> d.options().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void jobStatusAcceptsStartingAndPipelineStatesOnly() {
    assertThat(new JobStatus("j", "STARTING", 0, 0, -1, null, 0, Map.of()).state())
        .isEqualTo("STARTING");
    assertThat(new JobStatus("j", "CANCELLED", 3, 1, 7, null, 0, Map.of()).state())
        .isEqualTo("CANCELLED");
    assertThatThrownBy(() -> new JobStatus("j", "PAUSED", 0, 0, -1, null, 0, Map.of()))
        .hasMessageContaining("state of the status of job 'j'")
        .hasMessageContaining("STARTING").hasMessageContaining("'PAUSED'");
    assertThatThrownBy(() -> new JobStatus("j", "RUNNING", 0, 0, -2, null, 0, Map.of()))
        .hasMessageContaining("latestCheckpointId of the status of job 'j' must be at least -1");
  }

  @Test
  void startChecksItsRestoreIdAndOffsetKeys() {
    assertThatThrownBy(() -> new Start(2, "rb-1", 0, 0, Map.of()))
        .hasMessageContaining("checkpoint to restore (-1 for none) of START of epoch 2");
    assertThatThrownBy(() -> new Start(2, "rb-1", -1, 0, Map.of("no-partition", 1L)))
        .hasMessageContaining("topic:partition").hasMessageContaining("'no-partition'");
    assertThatThrownBy(() -> new Start(2, "rb-1", -1, 0, Map.of("t:-1", 1L)))
        .hasMessageContaining("'t:-1'");
    assertThatThrownBy(() -> new Start(2, "rb-1", -1, 0, Map.of("t:0", -5L)))
        .hasMessageContaining("negative offsets").hasMessageContaining("t:0 -> -5");
    assertThat(new Start(2, "rb-1", -1, 0, Map.of("weir.c.j.x0:10", 0L)).startOffsets())
        .containsEntry("weir.c.j.x0:10", 0L);
  }

  @Test
  void controlMessagesCheckEpochCheckpointAndState() {
    assertThatThrownBy(() -> new Trigger(-1, 1, 0)).hasMessageContaining("epoch of TRIGGER");
    assertThatThrownBy(() -> new Trigger(1, 0, 0))
        .hasMessageContaining("checkpointId of TRIGGER of epoch 1 must be at least 1");
    assertThatThrownBy(() -> new End(1, "RUNNING", null)).hasMessageContaining("terminal");
    assertThatThrownBy(() -> new End(1, "LOST", null)).hasMessageContaining("'LOST'");
  }

  @Test
  void reportsCheckTheirFields() {
    assertThatThrownBy(() -> new Ack(1, null, 1, ProtocolSamples.snapshot(), Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("task of ACK");
    assertThatThrownBy(() -> new Ack(1, ProtocolSamples.TASK, 1, null, Map.of()))
        .hasMessageContaining("snapshot of ACK of task count#3 in epoch 1");
    assertThatThrownBy(() -> new RecordsRead(1, ProtocolSamples.TASK, -1))
        .hasMessageContaining("records of RECORDS_READ of task count#3");
  }
}
