package dev.weir.runtime.task;

import dev.weir.sdk.CheckpointFailureReason;
import dev.weir.runtime.task.AlignmentAction.Abort;
import dev.weir.runtime.task.AlignmentAction.BlockChannel;
import dev.weir.runtime.task.AlignmentAction.ForwardBarrier;
import dev.weir.runtime.task.AlignmentAction.TakeSnapshot;
import dev.weir.runtime.task.AlignmentAction.UnblockAll;
import dev.weir.sdk.spi.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Drives a {@link BarrierAligner} with a readable event script and renders what it answered, one
 * line per event: {@code "barrier 0 1 -> BlockChannel 0"}.
 *
 * <p>Events: {@code barrier <channel> <id>}, {@code end <channel>}, {@code abort <id>} (the
 * coordinator aborted it) and {@code wait <millis>} (moves the manual clock; renders nothing).
 */
final class AlignerScript {

  final ManualClock clock = new ManualClock(10_000);
  final BarrierAligner aligner;

  AlignerScript(int channels) {
    aligner = new BarrierAligner(channels, clock);
  }

  List<String> run(String... events) {
    List<String> lines = new ArrayList<>();
    for (String event : events) {
      String[] word = event.split(" ");
      List<AlignmentAction> actions;
      switch (word[0]) {
        case "barrier":
          actions = aligner.onBarrier(Integer.parseInt(word[1]), Long.parseLong(word[2]));
          break;
        case "end":
          actions = aligner.onEndOfInput(Integer.parseInt(word[1]));
          break;
        case "abort":
          actions = aligner.onCheckpointAborted(Long.parseLong(word[1]),
              CheckpointFailureReason.TIMEOUT);
          break;
        case "wait":
          clock.advance(Duration.ofMillis(Long.parseLong(word[1])));
          continue;
        default:
          throw new IllegalArgumentException("unknown script event: " + event);
      }
      lines.add(event + " -> " + render(actions));
    }
    return lines;
  }

  static String render(List<AlignmentAction> actions) {
    if (actions.isEmpty()) {
      return "nothing";
    }
    return actions.stream().map(AlignerScript::name).collect(Collectors.joining(", "));
  }

  static String name(AlignmentAction action) {
    if (action instanceof BlockChannel a) {
      return "BlockChannel " + a.channel();
    } else if (action instanceof UnblockAll) {
      return "UnblockAll";
    } else if (action instanceof TakeSnapshot a) {
      return "TakeSnapshot " + a.checkpointId();
    } else if (action instanceof ForwardBarrier a) {
      return "ForwardBarrier " + a.checkpointId();
    } else if (action instanceof Abort a) {
      return "Abort " + a.checkpointId() + " " + a.reason();
    }
    throw new IllegalArgumentException("unknown action " + action);
  }
}
