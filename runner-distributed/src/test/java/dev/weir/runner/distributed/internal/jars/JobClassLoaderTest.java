package dev.weir.runner.distributed.internal.jars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.distributed.AppJars;
import dev.weir.sdk.PipelineFactory;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-loading rules of a job loaded from its jar: the jar's own classes child-first
 * (two versions side by side, and over a parent that has another version), Weir, its
 * dependencies and the JDK parent-first even when the jar carries copies of them.
 */
class JobClassLoaderTest {
  @TempDir
  static Path tmp;

  private static URL v1;
  /** Version 2, plus copies of Weir, Kafka, Avro and SLF4J classes (which must not be used). */
  private static URL v2WithCopies;

  private static final List<Class<?>> SHARED = List.of(PipelineFactory.class,
      org.apache.kafka.common.TopicPartition.class, org.apache.avro.Schema.class,
      org.slf4j.Logger.class);

  @BeforeAll
  static void buildJars() throws Exception {
    v1 = AppJars.versionedCount(tmp, 1).toUri().toURL();
    Path v2 = AppJars.versionedCount(tmp, 2);
    Path copies = tmp.resolve("v2-with-copies.jar");
    try (JarFile in = new JarFile(v2.toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(copies))) {
      for (JarEntry e : java.util.Collections.list(in.entries())) {
        out.putNextEntry(new JarEntry(e.getName()));
        in.getInputStream(e).transferTo(out);
        out.closeEntry();
      }
      for (Class<?> c : SHARED) {
        String name = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (InputStream bytes = c.getClassLoader().getResourceAsStream(name)) {
          bytes.transferTo(out);
        }
        out.closeEntry();
      }
    }
    v2WithCopies = copies.toUri().toURL();
  }

  private static String tag(ClassLoader loader) throws Exception {
    return (String) loader.loadClass("com.acme.count.Tag").getMethod("of", String.class)
        .invoke(null, "w");
  }

  @Test
  void twoVersionsOfTheSameClassesLoadSideBySide() throws Exception {
    ClassLoader worker = JobClassLoaderTest.class.getClassLoader();
    try (JobClassLoader one = new JobClassLoader("one", v1, worker);
        JobClassLoader two = new JobClassLoader("two", v2WithCopies, worker)) {
      Class<?> a = one.loadClass(AppJars.VERSIONED_COUNT);
      Class<?> b = two.loadClass(AppJars.VERSIONED_COUNT);
      assertThat(a).isNotSameAs(b);
      assertThat(a.getClassLoader()).isSameAs(one);
      assertThat(b.getClassLoader()).isSameAs(two);
      assertThat(tag(one)).isEqualTo("v1:w");
      assertThat(tag(two)).isEqualTo("v2:w");
      // Both implement the worker's PipelineFactory: the type Weir and the job share.
      assertThat(PipelineFactory.class.isAssignableFrom(a)).isTrue();
      assertThat(PipelineFactory.class.isAssignableFrom(b)).isTrue();
    }
  }

  @Test
  void theJarWinsForItsOwnClassesAndResourcesButNotForWeirItsDependenciesOrTheJdk()
      throws Exception {
    try (URLClassLoader parentWithV1 = new URLClassLoader(new URL[] {v1},
            JobClassLoaderTest.class.getClassLoader());
        JobClassLoader job = new JobClassLoader("job", v2WithCopies, parentWithV1)) {
      assertThat(tag(parentWithV1)).isEqualTo("v1:w");
      assertThat(tag(job)).as("child-first: the jar's version").isEqualTo("v2:w");
      assertThat(job.getResource("com/acme/count/Tag.class").toString())
          .contains("v2-with-copies.jar");
      for (Class<?> shared : SHARED) {
        assertThat(job.loadClass(shared.getName())).as("parent-first: %s", shared.getName())
            .isSameAs(shared);
        assertThat(job.getResource(shared.getName().replace('.', '/') + ".class").toString())
            .doesNotContain("v2-with-copies.jar");
      }
      assertThat(job.loadClass("java.sql.Connection")).isSameAs(java.sql.Connection.class);
      assertThat(job.loadClass("javax.tools.ToolProvider"))
          .isSameAs(javax.tools.ToolProvider.class);
    }
  }
}
