package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.CheckpointMetrics;
import dev.weir.sdk.PipelineResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pages in headless Chromium, on a running word count: the checkpoint chart
 * draws at least 3 of the job's real checkpoints; an action asks for a confirmation in the
 * page and sends nothing until it is confirmed ("Back" sends nothing at all); a savepoint
 * confirmed in the page is written and listed; the job page draws the plan; and an action
 * confirmed after the job ended shows the console's clear error in the page. Screenshots go to
 * {@code target/console-screenshots} (or the directory of {@code -Dconsole.screenshots}, e.g.
 * {@code ../docs} to refresh the ones in the docs). Skipped, with the reason, where no
 * Chromium is installed ({@code .ci/run} installs Debian's {@code chromium}).
 */
class ConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Counts the page's POST requests: an action must send none before it is confirmed. */
  private static final String COUNT_POSTS = "window.posts = 0; if (!window.plainFetch) { "
      + "window.plainFetch = window.fetch; window.fetch = (url, options) => { "
      + "if (options && options.method === 'POST') window.posts++; "
      + "return window.plainFetch(url, options); }; } true";

  @Test
  void theCheckpointChartFillsAndASavepointTakenInThePageIsListed(@TempDir Path tmp) throws Exception {
    Optional<Path> chromium = HeadlessChromium.binary();
    if (chromium.isEmpty()) {
      String why = "ConsoleBrowserTest SKIPPED: " + HeadlessChromium.whyMissing();
      System.out.println(why);
      Assumptions.abort(why);
    }
    Path shots = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    Path savepoints = tmp.resolve("savepoints");
    try (RunningWordCount wc = new RunningWordCount()) {
      wc.feed();
      RegisteredJobs jobs = new RegisteredJobs(savepoints, "local");
      jobs.register(wc.job);
      try (WeirConsole console = WeirConsole.start(jobs, "127.0.0.1", 0);
           HeadlessChromium browser = new HeadlessChromium(chromium.get(), tmp.resolve("profile"), 1360, 900)) {
        String job = console.uri() + "#/jobs/" + wc.id();

        browser.navigate(job + "/checkpoints");
        browser.waitFor("3 checkpoints drawn in the chart",
            "document.querySelectorAll('#cp-chart circle.duration-point').length >= 3", WAIT);
        // The points are the job's own checkpoints, by id.
        String titles = (String) browser.eval("[...document.querySelectorAll('#cp-chart circle.duration-point "
            + "title')].map(t => t.textContent).join('\\n')");
        List<Long> drawn = ids(titles);
        List<Long> real = wc.job.checkpoints().stream().map(CheckpointMetrics::checkpointId).toList();
        assertThat(drawn).hasSizeGreaterThanOrEqualTo(3);
        assertThat(real).containsAll(drawn);
        assertThat(browser.eval("+document.querySelector('#cp-chart').dataset.points")).isEqualTo((double) drawn.size());
        screenshot(browser, shots.resolve("console-checkpoints.png"));

        // An action asks first, in the page, and sends nothing until confirmed; "Back" sends nothing.
        browser.eval(COUNT_POSTS);
        browser.eval("document.querySelector('button[data-action=savepoints]').click()");
        browser.waitFor("the confirmation", "!document.getElementById('confirm').hidden", WAIT);
        assertThat(browser.eval("document.getElementById('confirm-text').textContent"))
            .asString().isEqualTo("Write a savepoint of this job (it keeps running)?");
        assertThat(browser.eval("window.posts")).isEqualTo(0.0);
        browser.eval("document.getElementById('confirm-no').click()");
        assertThat(browser.eval("document.getElementById('confirm').hidden")).isEqualTo(true);
        assertThat(browser.eval("window.posts")).isEqualTo(0.0);
        assertThat(wc.job.checkpoints()).noneMatch(CheckpointMetrics::savepoint);

        // A savepoint from the page: the button, then the confirmation.
        browser.eval("document.querySelector('button[data-action=savepoints]').click()");
        browser.waitFor("the confirmation", "!document.getElementById('confirm').hidden", WAIT);
        assertThat(browser.eval("window.posts")).isEqualTo(0.0);
        browser.eval("document.getElementById('confirm-yes').click()");
        assertThat(browser.eval("window.posts")).isEqualTo(1.0);
        browser.waitFor("the savepoint listed",
            "document.querySelectorAll('#savepoints-table tr.savepoint').length >= 1", WAIT);
        String row = (String) browser.eval("document.querySelector('#savepoints-table tr.savepoint').textContent");
        assertThat(row).contains(savepoints.toString());
        Path written;
        try (var dirs = Files.list(savepoints)) {
          written = dirs.toList().stream().collect(singleOrFail());
        }
        assertThat(row).contains(written.getFileName().toString());
        assertThat(wc.job.checkpoints()).filteredOn(CheckpointMetrics::savepoint).singleElement()
            .satisfies(m -> {
              assertThat(written.getFileName().toString()).endsWith("-" + m.checkpointId());
              assertThat(row).startsWith(Long.toString(m.checkpointId()));
            });
        browser.waitFor("the savepoint's row in the history",
            "[...document.querySelectorAll('#history-table tr')].some(r => r.textContent.includes('SAVEPOINT'))", WAIT);
        browser.waitFor("the notice", "document.getElementById('notice').textContent.includes('savepoint written to')", WAIT);
        screenshot(browser, shots.resolve("console-savepoint.png"));

        browser.navigate(job);
        browser.waitFor("the plan with its tasks and exchanges",
            "document.querySelectorAll('#plan-svg g.chain').length == 2 && "
                + "document.querySelectorAll('#plan-svg path.exchange').length == 1", WAIT);
        browser.waitFor("a rate in the steps table",
            "[...document.querySelectorAll('#steps-table td')].some(td => /^[1-9][\\d,]*\\/s$/.test(td.textContent))", WAIT);
        screenshot(browser, shots.resolve("console-job.png"));

        // The job ends while a confirmation is open: confirming shows the console's error.
        browser.eval(COUNT_POSTS);
        browser.eval("document.querySelector('button[data-action=checkpoints]').click()");
        browser.waitFor("the confirmation", "!document.getElementById('confirm').hidden", WAIT);
        wc.job.cancel();
        assertThat(wc.job.waitUntilFinish(WAIT)).isEqualTo(PipelineResult.State.CANCELLED);
        List<CheckpointMetrics> taken = wc.job.checkpoints();
        browser.waitFor("the page showing the job cancelled",
            "document.querySelector('h1 .state') && document.querySelector('h1 .state').textContent == 'CANCELLED'", WAIT);
        browser.eval("document.getElementById('confirm-yes').click()");
        browser.waitFor("the error in the page", "document.querySelector('#notice.error')", WAIT);
        assertThat(browser.eval("document.getElementById('notice').textContent")).isEqualTo(
            "The checkpoint was refused: job 'wordcount' (" + wc.id() + ") has ended CANCELLED: no checkpoint");
        assertThat(browser.eval("window.posts")).isEqualTo(1.0);
        assertThat(wc.job.checkpoints()).isEqualTo(taken);
        assertThat(browser.eval("[...document.querySelectorAll('#actions button[data-action]')].every(b => b.disabled)"))
            .isEqualTo(true);
        screenshot(browser, shots.resolve("console-ended.png"));

        browser.navigate(console.uri().toString());
        browser.waitFor("the job list", "document.querySelectorAll('#jobs-table tbody tr').length == 1", WAIT);
        assertThat(browser.eval("document.querySelector('#jobs-table tbody tr').textContent"))
            .asString().contains("wordcount").contains("CANCELLED");
      }
    }
  }

  /** Takes a screenshot and checks that a real PNG of the page was written. */
  private static void screenshot(HeadlessChromium browser, Path file) throws Exception {
    browser.screenshot(file);
    byte[] png = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(png, 8)).as(file.toString())
        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    assertThat(png.length).as("bytes of %s", file).isGreaterThan(20_000);
  }

  /** The checkpoint ids in the chart's tooltips ("#12: 5 ms"). */
  private static List<Long> ids(String titles) {
    Matcher m = Pattern.compile("^#(\\d+):", Pattern.MULTILINE).matcher(titles);
    List<Long> ids = new java.util.ArrayList<>();
    while (m.find()) {
      ids.add(Long.parseLong(m.group(1)));
    }
    return ids;
  }

  private static <T> java.util.stream.Collector<T, ?, T> singleOrFail() {
    return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
      assertThat(l).hasSize(1);
      return l.get(0);
    });
  }
}
