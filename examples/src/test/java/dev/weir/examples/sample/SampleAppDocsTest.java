package dev.weir.examples.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quickstart shows the sample application's files as they are: the code blocks after
 * each file's name in docs/quickstart.md equal examples/sample-app (which the build compiles and
 * tests with maven-invoker-plugin), so the snippets compile as shown, imports included.
 */
class SampleAppDocsTest {
  private static final Path SAMPLE = Path.of("sample-app");
  private static final Path QUICKSTART = Path.of("../docs/quickstart.md");

  @Test
  void theQuickstartTestIsTheSampleApplicationsTest() throws IOException {
    assertDocShows("src/test/java/com/example/longlines/LongLinesTest.java");
  }

  @Test
  void theQuickstartPipelineIsTheSampleApplicationsPipeline() throws IOException {
    assertDocShows("src/main/java/com/example/longlines/LongLines.java");
  }

  @Test
  void theQuickstartPomIsTheSampleApplicationsPom() throws IOException {
    assertDocShows("pom.xml");
  }

  @Test
  void theReadmeDependenciesAreThoseOfTheSamplePom() throws IOException {
    String pom = Files.readString(SAMPLE.resolve("pom.xml"));
    String readme = Files.readString(Path.of("../README.md"));
    String block = blockAfter(readme, "`examples/sample-app/pom.xml`", "README.md");
    for (String line : block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("...")).toList()) {
      assertThat(pom).as("README.md's pom snippet line is in examples/sample-app/pom.xml").contains(line);
    }
  }

  /** The fenced block that follows the first line naming {@code file} in backticks. */
  private static void assertDocShows(String file) throws IOException {
    String doc = Files.readString(QUICKSTART);
    String expected = Files.readString(SAMPLE.resolve(file));
    assertThat(blockAfter(doc, "`" + file + "`", "docs/quickstart.md"))
        .as("the code block after `%s` in docs/quickstart.md must equal examples/sample-app/%s; "
            + "copy the file into the doc", file, file)
        .isEqualTo(expected);
  }

  private static String blockAfter(String doc, String caption, String docName) {
    List<String> lines = doc.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().endsWith(caption + ":")) {
        int open = i + 1;
        while (open < lines.size() && lines.get(open).isBlank()) {
          open++;
        }
        assertThat(lines.get(open)).as("a fenced code block after %s in %s", caption, docName).startsWith("```");
        StringBuilder block = new StringBuilder();
        for (int j = open + 1; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
          block.append(lines.get(j)).append('\n');
        }
        return block.toString();
      }
    }
    throw new AssertionError(docName + " has no line '" + caption + ":' followed by a code block");
  }
}
