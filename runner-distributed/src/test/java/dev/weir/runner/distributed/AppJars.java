package dev.weir.runner.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Application jars built at test time: Java sources compiled with the JDK's compiler against
 * this test class path, then packed into a jar. Their classes are on no class path of the test
 * or of its worker processes, so a worker can only load them from the submitted jar.
 */
public final class AppJars {
  private AppJars() {
  }

  /** The job class of {@link #versionedCount}. */
  public static final String VERSIONED_COUNT = "com.acme.count.VersionedCount";

  /**
   * A jar with version {@code version} of {@value #VERSIONED_COUNT} and its helper class
   * {@code com.acme.count.Tag}: the {@link KeyedCountJob} pipeline (Kafka words in, a count per
   * word, every update out through the transactional sink; args bootstrap, input, output,
   * pace), whose every update is written as {@code v<version>:word} = count. Both classes keep
   * their names across versions; only their bytecode differs.
   */
  public static Path versionedCount(Path dir, int version) throws IOException {
    String tag = """
        package com.acme.count;

        /** Names the version of this jar in every record the job writes. */
        public final class Tag {
          private Tag() {
          }

          public static String of(String word) {
            return "v%d:" + word;
          }
        }
        """.formatted(version);
    String job = """
        package com.acme.count;

        import dev.weir.io.kafka.KafkaCoders;
        import dev.weir.io.kafka.KafkaSink;
        import dev.weir.io.kafka.KafkaSource;
        import dev.weir.sdk.PStream;
        import dev.weir.sdk.Pipeline;
        import dev.weir.sdk.PipelineFactory;
        import dev.weir.sdk.PipelineOptions;
        import dev.weir.sdk.types.KV;
        import dev.weir.sdk.types.Types;
        import java.nio.charset.StandardCharsets;
        import java.time.Duration;
        import java.util.List;
        import java.util.concurrent.ThreadLocalRandom;
        import java.util.concurrent.locks.LockSupport;

        public final class VersionedCount implements PipelineFactory {
          @Override
          public Pipeline create(PipelineOptions options, List<String> args) {
            String bootstrap = args.get(0);
            int pace = Integer.parseInt(args.get(3));
            Pipeline p = Pipeline.create(options);
            PStream<String> words = p.read("in", KafkaSource.<byte[], String>builder()
                .bootstrapServers(bootstrap).topics(args.get(1)).valueCoder(KafkaCoders.UTF8)
                .bounded().buildValues());
            int every = Math.max(1, pace / 1000);
            words = words.map("pace", w -> {
              if (ThreadLocalRandom.current().nextInt(every) == 0) {
                LockSupport.parkNanos(1_000_000);
              }
              return w;
            }).withCoder(Types.STRING);
            words.keyBy("byWord", w -> w, Types.STRING)
                .count("count")
                .write("out", KafkaSink.<KV<String, Long>>builder(bootstrap, args.get(2))
                    .key(kv -> Tag.of(kv.key()).getBytes(StandardCharsets.UTF_8))
                    .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
                    .createTopicIfMissing(3)
                    .timeout(Duration.ofSeconds(30))
                    .build());
            return p;
          }
        }
        """;
    return build(dir.resolve("v" + version), "count-app-" + version + ".0.jar",
        List.of(new Source("com/acme/count/Tag.java", tag),
            new Source("com/acme/count/VersionedCount.java", job)));
  }

  /** A source file: its path under the source root, and its text. */
  record Source(String path, String text) {
  }

  /** Compiles {@code sources} under {@code dir} and packs the classes into {@code dir/jarName}. */
  static Path build(Path dir, String jarName, List<Source> sources) throws IOException {
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    for (Source s : sources) {
      Path file = src.resolve(s.path());
      Files.createDirectories(file.getParent());
      Files.writeString(file, s.text());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the tests need a JDK (no system Java compiler)");
    }
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp",
        classpath, "--release", "17", "-proc:none"));
    sources.forEach(s -> cmd.add(src.resolve(s.path()).toString()));
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, null, errors, cmd.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("compiling " + sources + " failed:\n" + errors);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
