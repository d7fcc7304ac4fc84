package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.WeirTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file sources' dead letters in jobs on the local runner: bad input goes to
 * {@link DeadLetter#TAG} naming the file and the place, the rest is read, and through crashes
 * and restores every record and every dead letter arrives exactly once.
 */
class DeadLetterJobTest {
  @TempDir
  Path tmp;

  static Pipeline pipeline(String job, int parallelism) {
    return Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(parallelism)
        .withCheckpointInterval(Duration.ofMillis(15)));
  }

  static LocalRunner runner(Faults faults) {
    return LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).faults(faults)
        .restartStrategy(faults.active() ? RestartStrategy.fixedDelay(20, Duration.ofMillis(5))
            : RestartStrategy.none()).build();
  }

  @Test
  void aCorruptAvroBlockIsADeadLetterNamingTheFileAndTheBlockAndAllOtherRecordsAreRead() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    for (int f = 0; f < 3; f++) {
      AvroFileSourceTest.write(in.resolve("e-" + f + ".avro"), f * 500L, 500);
    }
    Path bad = in.resolve("e-1.avro");
    AvroCorruption.Damage damage = AvroCorruption.corruptBlockData(bad, 3).get(0);
    byte[] corrupted = Files.readAllBytes(bad);

    Pipeline p = pipeline("avro-dead-letters", 2);
    CollectingSink<GenericRecord> good = CollectingSink.create();
    CollectingSink<DeadLetter> letters = CollectingSink.create();
    PStream<GenericRecord> events = p.read("events",
        AvroFileSource.generic(in, AvroFileSourceTest.SCHEMA).withDeadLetters());
    events.write("good", good);
    events.sideOutput(DeadLetter.TAG).write("bad", letters);
    WeirTest.run(p);

    List<Long> expected = new ArrayList<>(LongStream.range(0, 1500).boxed().toList());
    expected.removeAll(damage.ids());
    assertThat(damage.ids()).isNotEmpty();
    assertThat(AvroFileSourceTest.ids(good.results())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(letters.results()).hasSize(1);
    DeadLetter letter = letters.results().get(0);
    assertThat(letter.step()).isEqualTo("events");
    assertThat(letter.origin()).isEqualTo(bad.toAbsolutePath() + " block at byte " + damage.start());
    assertThat(letter.reason()).contains("cannot decode record 1 of " + damage.ids().size())
        .contains("skipped " + (damage.end() - damage.start()) + " bytes to the next sync marker");
    assertThat(letter.payload()).isEqualTo(Arrays.copyOfRange(corrupted, (int) damage.start(), (int) damage.end()));
    assertThat(letter.describe()).contains(bad.toAbsolutePath().toString()).contains("block at byte");
  }

  @Test
  void withoutDeadLettersACorruptAvroBlockFailsTheJobNamingTheFileAndTheBlock() throws IOException {
    Path f = AvroFileSourceTest.write(tmp.resolve("e.avro"), 0, 500);
    AvroCorruption.Damage damage = AvroCorruption.corruptBlockData(f, 3).get(0);
    Pipeline p = pipeline("avro-corrupt", 1);
    p.read("events", AvroFileSource.generic(f, AvroFileSourceTest.SCHEMA)).write("good", CollectingSink.create());
    PipelineResult r = runner(Faults.create()).run(p);
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(60)))
        .hasStackTraceContaining("'" + f.toAbsolutePath() + "' has a corrupt block at byte " + damage.start())
        .hasStackTraceContaining("withDeadLetters()");
  }

  @Test
  void anInvalidUtf8LineIsADeadLetterWithItsLineNumberAndAllOtherLinesAreRead() throws IOException {
    Path in = tmp.resolve("in");
    Path bad = in.resolve("b.txt");
    DeadLetterReaderTest.writeText(in.resolve("a.txt"), List.of("a1", "a2", "a3"));
    DeadLetterReaderTest.writeText(bad, Arrays.asList("b1", "b2", null, "b4"));
    DeadLetterReaderTest.writeText(in.resolve("c.txt.gz"), Arrays.asList(null, "c2"));

    Pipeline p = pipeline("text-dead-letters", 2);
    CollectingSink<String> good = CollectingSink.create();
    CollectingSink<DeadLetter> letters = CollectingSink.create();
    PStream<String> lines = p.read("lines", FileSource.text(in).withDeadLetters());
    lines.write("good", good);
    lines.sideOutput(DeadLetter.TAG).write("bad", letters);
    WeirTest.run(p);

    assertThat(good.results()).containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2", "b4", "c2");
    assertThat(letters.results()).containsExactlyInAnyOrder(
        new DeadLetter("lines", bad.toAbsolutePath() + " line 3 (byte 6)",
            "not valid UTF-8 (java.nio.charset.MalformedInputException: Input length = 1)",
            DeadLetterReaderTest.badLine(), Long.MIN_VALUE),
        new DeadLetter("lines", in.resolve("c.txt.gz").toAbsolutePath() + " line 1 (uncompressed byte 0)",
            "not valid UTF-8 (java.nio.charset.MalformedInputException: Input length = 1)",
            DeadLetterReaderTest.badLine(), Long.MIN_VALUE));
  }

  @Test
  void aLineTheParseFunctionRejectsIsADeadLetterOrWithoutDeadLettersFailsTheJobNamingTheLine() throws IOException {
    Path f = tmp.resolve("numbers.txt");
    Files.writeString(f, "1\n2\nthree\n4\n");
    Pipeline p = pipeline("parse-dead-letters", 1);
    CollectingSink<Long> good = CollectingSink.create();
    CollectingSink<DeadLetter> letters = CollectingSink.create();
    PStream<Long> numbers = p.read("numbers", FileSource.text(f).withDeadLetters().parsed(Long::parseLong, Types.LONG));
    numbers.write("good", good);
    numbers.sideOutput(DeadLetter.TAG).write("bad", letters);
    WeirTest.run(p);
    assertThat(good.results()).containsExactly(1L, 2L, 4L);
    assertThat(letters.results()).singleElement().satisfies(d -> {
      assertThat(d.origin()).isEqualTo(f.toAbsolutePath() + " line 3 (byte 4)");
      assertThat(d.reason()).startsWith("the parse function threw java.lang.NumberFormatException");
      assertThat(new String(d.payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("three");
    });

    Pipeline strict = pipeline("parse-fails", 1);
    strict.read("numbers", FileSource.text(f).parsed(Long::parseLong, Types.LONG)).write("good", CollectingSink.create());
    PipelineResult r = runner(Faults.create()).run(strict);
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(60)))
        .hasStackTraceContaining("cannot parse " + f.toAbsolutePath() + " line 3 (byte 4)")
        .hasStackTraceContaining("NumberFormatException");
  }

  @Test
  void deadLettersCanBeDescribedIntoAFileSinkAsTheUserGuideShows() throws Exception {
    Path f = tmp.resolve("orders.txt");
    Files.writeString(f, "1\nx\n3\n");
    Path badDir = tmp.resolve("bad-orders");
    Pipeline p = pipeline("describe", 1);
    CollectingSink<Long> good = CollectingSink.create();
    PStream<Long> orders = p.read("orders", FileSource.text(f).withDeadLetters().parsed(Long::parseLong, Types.LONG));
    orders.write("good", good);
    orders.sideOutput(DeadLetter.TAG)
        .map("describe", DeadLetter::describe)
        .write("bad", FileSink.text(badDir));
    WeirTest.run(p);
    assertThat(good.results()).containsExactly(1L, 3L);
    assertThat(FileJobTest.outputLines(badDir)).singleElement().asString()
        .startsWith("orders " + f.toAbsolutePath() + " line 2 (byte 2): the parse function threw "
            + "java.lang.NumberFormatException");
  }

  /** Every 10th line from line 3 is not UTF-8; every line ending in 7 is rejected by the parse function. */
  static final int LINES = 4_000;
  static final int RECORDS = 4_000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void everyRecordAndEveryDeadLetterArrivesExactlyOnceThroughCrashes(long seed) throws IOException {
    Path text = tmp.resolve("text");
    Path avro = tmp.resolve("avro");
    Files.createDirectories(avro);
    List<String> expectedLines = new ArrayList<>();
    Set<String> expectedTextOrigins = new HashSet<>();
    List<Long> expectedIds = new ArrayList<>();
    Set<String> expectedAvroOrigins = new HashSet<>();
    for (int f = 0; f < 4; f++) {
      Path file = text.resolve("t-" + f + (f == 1 ? ".txt.gz" : ".txt"));
      List<String> lines = DeadLetterReaderTest.someBad("t" + f, LINES);
      DeadLetterReaderTest.writeText(file, lines);
      for (int i = 1; i <= LINES; i++) {
        String l = lines.get(i - 1);
        if (l == null || l.endsWith("7")) {
          expectedTextOrigins.add(file.toAbsolutePath() + " line " + i);
        } else {
          expectedLines.add(l);
        }
      }
      Path events = AvroFileSourceTest.write(avro.resolve("e-" + f + ".avro"), (long) f * RECORDS, RECORDS);
      List<Long> ids = new ArrayList<>(LongStream.range((long) f * RECORDS, (f + 1L) * RECORDS).boxed().toList());
      for (AvroCorruption.Damage d : AvroCorruption.corruptBlockData(events, 5, 50, 100 + f, 200)) {
        ids.removeAll(d.ids());
        expectedAvroOrigins.add(events.toAbsolutePath() + " block at byte " + d.start());
      }
      expectedIds.addAll(ids);
    }

    // Each source subtask has over 6,000 good records. An attempt in which a fault at index i is
    // pending emits at most i records of its subtask, so with 6 faults below 800 every fault is
    // reached: at most 6 * 800 records are behind any attempt.
    Random random = new Random(seed);
    Faults faults = Faults.create();
    for (int i = 0; i < 3; i++) {
      faults.crashAtRecord("lines", random.nextInt(2), random.nextInt(800));
      faults.crashAtRecord("events", random.nextInt(2), random.nextInt(800));
    }
    Pipeline p = pipeline("crash-" + seed, 3);
    CollectingSink<String> goodLines = CollectingSink.create();
    CollectingSink<DeadLetter> badLines = CollectingSink.create();
    CollectingSink<GenericRecord> goodEvents = CollectingSink.create();
    CollectingSink<DeadLetter> badEvents = CollectingSink.create();
    PStream<String> lines = p.read("lines", FileSource.text(text).withDeadLetters().parsed(line -> {
      if (line.endsWith("7")) {
        throw new IllegalArgumentException("no sevens");
      }
      return line;
    }, Types.STRING)).withParallelism(2);
    lines.write("goodLines", goodLines);
    lines.sideOutput(DeadLetter.TAG).write("badLines", badLines);
    PStream<GenericRecord> events = p.read("events",
        AvroFileSource.generic(avro, AvroFileSourceTest.SCHEMA).withDeadLetters()).withParallelism(2);
    events.write("goodEvents", goodEvents);
    events.sideOutput(DeadLetter.TAG).write("badEvents", badEvents);

    PipelineResult r = runner(faults).run(p);
    String context = "seed " + seed + ", " + faults;
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(context).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(context).isEqualTo(6);
    assertThat(r.restarts()).as(context).isPositive();

    assertThat(goodLines.results()).as(context).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedLines);
    List<String> textOrigins = badLines.results().stream()
        .map(d -> d.origin().substring(0, d.origin().indexOf(" ("))).toList();
    assertThat(textOrigins).as(context).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedTextOrigins);
    assertThat(AvroFileSourceTest.ids(goodEvents.results())).as(context).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedIds);
    assertThat(badEvents.results().stream().map(DeadLetter::origin).toList()).as(context)
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedAvroOrigins);
  }
}
