package dev.weir.sdk.io;

import dev.weir.sdk.OutputTag;
import dev.weir.sdk.types.Coder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record a source could not read, with the reason; sources that offer a dead-letter option
 * send such records to the side output {@link #TAG} instead of failing the job.
 *
 * <pre>{@code
 * PStream<Order> orders = pipeline.read("orders", source);       // source chose dead letters
 * orders.sideOutput(DeadLetter.TAG)
 *     .write("badOrders", FileSink.of(Path.of("out/bad"), DeadLetter::describe));
 * }</pre>
 *
 * <p>A dead letter is part of the exactly-once stream like any record: it is emitted once per
 * bad input record, also across a restore. A source that sends dead letters must have its
 * {@code TAG} side output read by the pipeline; otherwise the pipeline fails validation, so no
 * bad record is silently lost.
 *
 * @param step the source step that read the record
 * @param origin where the record came from, e.g. {@code /data/in.avro block 12} or
 *     {@code orders/3@1042} (topic/partition@offset)
 * @param reason why it could not be read (the decoding error's message)
 * @param payload the raw bytes of the record, as read (may be empty when unknown)
 * @param timestamp the record's timestamp in epoch milliseconds, or {@code Long.MIN_VALUE}
 */
public record DeadLetter(String step, String origin, String reason, byte[] payload, long timestamp) {

  /** The coder of dead letters (an Avro record {@code dev.weir.DeadLetter}). */
  public static final Coder<DeadLetter> CODER = DeadLetterCoder.INSTANCE;

  /** The side output of a source step that carries its dead letters. */
  public static final OutputTag<DeadLetter> TAG = OutputTag.of("dead-letters", CODER);

  /** Checks that the text fields are present; copies nothing. */
  public DeadLetter {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(payload, "payload");
  }

  /** One line for logs and text files: {@code step origin: reason}. */
  public String describe() {
    return step + " " + origin + ": " + reason.replace('\n', ' ');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d && d.step.equals(step) && d.origin.equals(origin)
        && d.reason.equals(reason) && Arrays.equals(d.payload, payload) && d.timestamp == timestamp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, origin, reason, Arrays.hashCode(payload), timestamp);
  }

  @Override
  public String toString() {
    return "DeadLetter[" + describe() + ", " + payload.length + " bytes]";
  }
}
