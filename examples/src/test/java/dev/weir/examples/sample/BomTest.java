package dev.weir.examples.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** weir-bom manages every library artifact of the reactor, so a new module is not forgotten. */
class BomTest {
  private static final Path ROOT = Path.of("..");
  /** Reactor artifacts that are not libraries for applications. */
  private static final Set<String> NOT_LIBRARIES = Set.of("weir-bom", "weir-examples", "weir-bench", "weir-cli");

  @Test
  void theBomManagesEveryLibraryModuleAtTheProjectVersion() throws IOException {
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    List<String> libraries = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    while (module.find()) {
      String artifactId = artifactId(Files.readString(ROOT.resolve(module.group(1)).resolve("pom.xml")));
      if (!NOT_LIBRARIES.contains(artifactId)) {
        libraries.add(artifactId);
      }
    }
    assertThat(libraries).contains("weir-sdk", "weir-runner-local", "weir-testkit", "weir-io-files");
    for (String artifactId : libraries) {
      assertThat(bom).as("bom/pom.xml manages %s at ${project.version}", artifactId)
          .containsPattern("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*"
              + "<version>\\$\\{project.version}</version>");
    }
  }

  @Test
  void theBomHasTheProjectVersion() throws IOException {
    String parentVersion = version(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(version(Files.readString(ROOT.resolve("bom/pom.xml")))).isEqualTo(parentVersion);
  }

  @Test
  void theSampleApplicationUsesTheProjectVersion() throws IOException {
    String sample = Files.readString(Path.of("sample-app/pom.xml"));
    assertThat(sample).as("examples/sample-app/pom.xml (and so the quickstart) names this version of Weir")
        .contains("<weir.version>" + version(Files.readString(ROOT.resolve("pom.xml"))) + "</weir.version>");
  }

  /** The project's own artifactId: the first one outside the parent element. */
  private static String artifactId(String pom) {
    String own = pom.replaceAll("(?s)<parent>.*?</parent>", "");
    Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String version(String pom) {
    String own = pom.replaceAll("(?s)<parent>.*?</parent>", "").replaceAll("(?s)<!--.*?-->", "");
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(own);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
