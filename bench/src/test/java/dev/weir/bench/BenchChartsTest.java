package dev.weir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchChartsTest {

  @TempDir
  Path dir;

  @Test
  void writesTheThreeChartsAsPngsOfTheFullSize() throws Exception {
    List<Config> configs = Configs.group(ResultLines.read(ResultLinesTest.sample()));
    Path throughput = dir.resolve("charts/throughput.png");
    Path checkpoints = dir.resolve("charts/checkpoints.png");
    Path timeline = dir.resolve("charts/timeline.png");

    BenchCharts.throughput(configs, throughput);
    BenchCharts.checkpoints(configs, checkpoints);
    assertThat(BenchCharts.timeline(configs, timeline)).isTrue();

    for (Path png : List.of(throughput, checkpoints, timeline)) {
      assertIsAFullSizePng(png);
    }
  }

  @Test
  void withoutTimelinesThereIsNoTimelineChart() throws Exception {
    List<Config> configs = Configs.group(Runs.threeRounds());
    Path timeline = dir.resolve("timeline.png");

    assertThat(BenchCharts.timeline(configs, timeline)).isFalse();
    assertThat(timeline).doesNotExist();
    Path checkpoints = dir.resolve("checkpoints.png");
    BenchCharts.checkpoints(configs, checkpoints);
    assertIsAFullSizePng(checkpoints);
  }

  @Test
  void aChartWithoutDataIsStillWritten() throws Exception {
    Path checkpoints = dir.resolve("empty.png");
    BenchCharts.checkpoints(Configs.group(List.of(Runs.plainJava(1.0))), checkpoints);
    assertIsAFullSizePng(checkpoints);
  }

  private static void assertIsAFullSizePng(Path png) throws IOException {
    assertThat(png).isRegularFile();
    assertThat(Files.size(png)).as(png.toString()).isPositive();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as(png + " decodes").isNotNull();
    assertThat(image.getWidth()).isEqualTo(PngCharts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(PngCharts.HEIGHT);
  }
}
