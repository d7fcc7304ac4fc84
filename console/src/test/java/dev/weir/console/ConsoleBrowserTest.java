package dev.weir.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pages in headless Chromium, on a running word count: the checkpoint chart
 * shows at least 3 checkpoints, a savepoint triggered from the page (with its confirmation)
 * is listed, and the job page draws the plan. Screenshots go to
 * {@code target/console-screenshots} (or the directory of {@code -Dconsole.screenshots}, e.g.
 * {@code ../docs} to refresh the ones in the docs). Skipped, with the reason, where no
 * Chromium is installed ({@code .ci/run} installs Debian's {@code chromium}).
 */
class ConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theCheckpointChartFillsAndASavepointTakenInThePageIsListed(@TempDir Path tmp) throws Exception {
    Optional<Path> chromium = HeadlessChromium.binary();
    if (chromium.isEmpty()) {
      String why = "ConsoleBrowserTest SKIPPED: no Chromium at /usr/bin/chromium (install Debian's "
          + "'chromium' package, as .ci/run does, or set WEIR_CHROMIUM)";
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
        browser.waitFor("3 checkpoints in the chart",
            "document.querySelector('#cp-chart') && +document.querySelector('#cp-chart').dataset.points >= 3", WAIT);
        browser.screenshot(shots.resolve("console-checkpoints.png"));

        // A savepoint from the page: the button, then the confirmation.
        browser.eval("document.querySelector('button[data-action=savepoints]').click()");
        browser.waitFor("the confirmation", "!document.getElementById('confirm').hidden", WAIT);
        assertThat(browser.eval("document.getElementById('confirm-text').textContent"))
            .asString().contains("savepoint");
        browser.eval("document.getElementById('confirm-yes').click()");
        browser.waitFor("the savepoint listed",
            "document.querySelectorAll('#savepoints-table tr.savepoint').length >= 1", WAIT);
        String row = (String) browser.eval("document.querySelector('#savepoints-table tr.savepoint').textContent");
        assertThat(row).contains(savepoints.toString());
        try (var dirs = Files.list(savepoints)) {
          assertThat(dirs.toList()).singleElement().satisfies(d -> assertThat(row).contains(d.getFileName().toString()));
        }
        assertThat(wc.job.checkpoints()).anySatisfy(m -> assertThat(m.savepoint()).isTrue());
        browser.waitFor("the savepoint's row in the history",
            "[...document.querySelectorAll('#history-table tr')].some(r => r.textContent.includes('SAVEPOINT'))", WAIT);
        assertThat(browser.eval("document.getElementById('notice').textContent")).asString()
            .contains("savepoint written to");
        browser.screenshot(shots.resolve("console-savepoint.png"));

        browser.navigate(job);
        browser.waitFor("the plan with its tasks and exchanges",
            "document.querySelectorAll('#plan-svg g.chain').length == 2 && "
                + "document.querySelectorAll('#plan-svg path.exchange').length == 1", WAIT);
        browser.waitFor("a rate in the steps table",
            "[...document.querySelectorAll('#steps-table td')].some(td => /^[1-9][\\d,]*\\/s$/.test(td.textContent))", WAIT);
        browser.screenshot(shots.resolve("console-job.png"));

        browser.navigate(console.uri().toString());
        browser.waitFor("the job list", "document.querySelectorAll('#jobs-table tbody tr').length == 1", WAIT);
        assertThat(browser.eval("document.querySelector('#jobs-table tbody tr').textContent"))
            .asString().contains("wordcount").contains("RUNNING");
      }
    }
  }
}
