package dev.weir.runner.distributed.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.distributed.internal.protocol.ControlMessage.Start;
import dev.weir.runner.distributed.internal.protocol.TaskReport.Ack;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.runtime.snapshot.TaskSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message kind survives encode then decode with every field, including nulls. */
class ProtocolCodecRoundTripTest {


  @Test
  void jobDefinitionRoundTrips() {
    JobDefinition d = ProtocolSamples.jobDefinition();
    JobDefinition back = ProtocolCodec.decodeJobDefinition(ProtocolCodec.encode(d));
    assertThat(back).isEqualTo(d);
    assertThat(back.cancelRequested()).isTrue();
    assertOnlyJavaStrings(back.options());
    assertThat(back.args()).allSatisfy(a -> assertThat(a).isExactlyInstanceOf(String.class));
    assertThat(back.jobId()).isExactlyInstanceOf(String.class);
  }

  @Test
  void jobDefinitionOfAnUnplannedJobRoundTripsAndCancelledSetsOnlyTheFlag() {
    JobDefinition d = new JobDefinition("j", "F", Map.of(), List.of(), "", List.of(), 0, false);
    assertThat(ProtocolCodec.decodeJobDefinition(ProtocolCodec.encode(d))).isEqualTo(d);
    JobDefinition cancelled = d.cancelled();
    assertThat(cancelled.cancelRequested()).isTrue();
    assertThat(cancelled).isEqualTo(
        new JobDefinition("j", "F", Map.of(), List.of(), "", List.of(), 0, true));
  }

  @Test
  void jarHeaderAndChunkRoundTrip() {
    JarHeader h = ProtocolSamples.jarHeader();
    assertThat(ProtocolCodec.decodeJarHeader(ProtocolCodec.encode(h))).isEqualTo(h);
    JarChunk c = ProtocolSamples.jarChunk();
    assertThat(ProtocolCodec.decodeJarChunk(ProtocolCodec.encode(c))).isEqualTo(c);
    JarChunk empty = new JarChunk(ProtocolSamples.JAR_SHA, 0, new byte[0]);
    assertThat(ProtocolCodec.decodeJarChunk(ProtocolCodec.encode(empty))).isEqualTo(empty);
  }

  @Test
  void jobStatusRoundTripsWithAndWithoutFailure() {
    JobStatus s = ProtocolSamples.jobStatus();
    JobStatus back = ProtocolCodec.decodeJobStatus(ProtocolCodec.encode(s));
    assertThat(back).isEqualTo(s);
    assertOnlyJavaStrings(back.subtaskWorkers());
    assertThat(back.failure()).isExactlyInstanceOf(String.class);

    JobStatus starting = ProtocolSamples.jobStatusWithoutFailure();
    assertThat(ProtocolCodec.decodeJobStatus(ProtocolCodec.encode(starting))).isEqualTo(starting);
    assertThat(ProtocolCodec.decodeJobStatus(ProtocolCodec.encode(starting)).failure()).isNull();
  }

  static List<ControlMessage> controlMessages() {
    List<ControlMessage> all = new java.util.ArrayList<>(
        ProtocolSamples.controlMessages().values());
    all.add(ProtocolSamples.endWithoutFailure());
    all.add(ProtocolSamples.startWithoutRestore());
    return all;
  }

  @ParameterizedTest
  @MethodSource("controlMessages")
  void controlMessageRoundTrips(ControlMessage message) {
    ControlMessage back = ProtocolCodec.decodeControlMessage(ProtocolCodec.encode(message));
    assertThat(back).isEqualTo(message).hasSameClassAs(message);
  }

  @Test
  void startOffsetsComeBackWithJavaStringKeys() {
    Start start = (Start) ProtocolSamples.controlMessages().get("start");
    Start back = (Start) ProtocolCodec.decodeControlMessage(ProtocolCodec.encode(start));
    assertThat(back.startOffsets()).containsEntry("weir.c.orders-7.x0:0", 100L).hasSize(3);
    assertThat(back.startOffsets().keySet())
        .allSatisfy(k -> assertThat(k).isExactlyInstanceOf(String.class));
    assertThat(back.restores()).isTrue();
    assertThat(ProtocolSamples.startWithoutRestore().restores()).isFalse();
  }

  static List<TaskReport> taskReports() {
    return List.copyOf(ProtocolSamples.taskReports().values());
  }

  @ParameterizedTest
  @MethodSource("taskReports")
  void taskReportRoundTrips(TaskReport report) {
    TaskReport back = ProtocolCodec.decodeTaskReport(ProtocolCodec.encode(report));
    assertThat(back).isEqualTo(report).hasSameClassAs(report);
  }

  @Test
  void ackKeepsEveryFieldOfTheSnapshot() {
    Ack ack = (Ack) ProtocolSamples.taskReports().get("ack");
    Ack back = (Ack) ProtocolCodec.decodeTaskReport(ProtocolCodec.encode(ack));

    TaskSnapshot s = back.snapshot();
    assertThat(s.syncMillis()).isEqualTo(3);
    assertThat(s.asyncMillis()).isEqualTo(250);
    assertThat(s.alignmentMillis()).isEqualTo(17);
    assertThat(s.parts()).hasSize(2);
    StepSnapshotPart count = s.parts().get(0);
    assertThat(count.keyed().keyGroupStart()).isEqualTo(32);
    assertThat(count.keyed().keyGroupEndInclusive()).isEqualTo(63);
    assertThat(count.keyed().full().checksum()).isEqualTo(0xFFFF_FFFFL);
    assertThat(count.keyed().deltas()).extracting(h -> h.location())
        .containsExactly("cq:19723:57", "cq:19724:3");
    assertThat(count.operatorState()).singleElement()
        .satisfies(op -> assertThat(op.kind()).isEqualTo("source-position"));
    assertThat(count.stateSchemas()).containsEntry("seen", "\"string\"");
    assertOnlyJavaStrings(count.stateSchemas());
    assertThat(count.fullBytes()).isEqualTo(4096);
    assertThat(count.deltaBytes()).isEqualTo(120);
    assertThat(s.parts().get(1).keyed()).as("a step without keyed state").isNull();
    assertThat(back.snapshot()).isEqualTo(ack.snapshot());
    assertThat(back.inputPositions()).isEqualTo(ack.inputPositions());
    assertThat(back.task()).isEqualTo(ProtocolSamples.TASK);
  }

  @Test
  void encodingIsDeterministicWhateverTheMapOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("b", "2");
    backward.put("a", "1");
    JobStatus one = new JobStatus("j", "RUNNING", 1, 0, -1, null, 1, forward);
    JobStatus two = new JobStatus("j", "RUNNING", 1, 0, -1, null, 1, backward);
    assertThat(ProtocolCodec.encode(one)).isEqualTo(ProtocolCodec.encode(two));
  }

  @Test
  void everyEncodingStartsWithTheFormatVersion() {
    assertThat(ProtocolCodec.encode(ProtocolSamples.jobDefinition())[0])
        .isEqualTo(ProtocolCodec.FORMAT_VERSION);
    assertThat(ProtocolCodec.encode(ProtocolSamples.jobStatus())[0])
        .isEqualTo(ProtocolCodec.FORMAT_VERSION);
    assertThat(ProtocolCodec.encode(ProtocolSamples.endWithoutFailure())[0])
        .isEqualTo(ProtocolCodec.FORMAT_VERSION);
    assertThat(ProtocolCodec.encode(ProtocolSamples.taskReports().get("ended"))[0])
        .isEqualTo(ProtocolCodec.FORMAT_VERSION);
  }

  private static void assertOnlyJavaStrings(Map<String, String> map) {
    assertThat(map).isNotEmpty();
    map.forEach((k, v) -> {
      assertThat((Object) k).isExactlyInstanceOf(String.class);
      assertThat((Object) v).isExactlyInstanceOf(String.class);
    });
  }
}
