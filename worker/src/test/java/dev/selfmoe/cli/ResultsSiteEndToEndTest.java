package dev.selfmoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.ui.ResultsSite;
import dev.selfmoe.ui.SiteOptions;
import dev.selfmoe.worker.Platform;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The results site over a real smoke experiment and a real two-cell sweep, run by the CLI on the Temporal dev server
 * and the embedded PostgreSQL that this test holds open, and so shares with the CLI: every page over HTTP, then in
 * Chromium (charts drawn, screenshots kept, the Temporal Web UI opening the experiment's history).
 */
class ResultsSiteEndToEndTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  static Platform platform;
  static ResultsSite site;
  static String experiment;
  static String sweep;

  @BeforeAll
  static void runTheSmokeExperimentAndASweep() throws Exception {
    platform = Platform.open(new Platform.Settings(home, null, null, "postgres", "", Optional.empty()), true,
        System.err);
    assertTrue(platform.temporalServer().orElseThrow().webUiUrl().isPresent(),
        "needs the Temporal dev server: run scripts/install-temporal.sh (or set SELFMOE_TEMPORAL_BIN)");
    CliTest.Run smoke = CliTest.run("run", Path.of("..", "examples", "smoke.yaml").toString(), "--home",
        home.toString(), "--no-ui");
    assertEquals(0, smoke.exit(), smoke.err());
    Path sweepSpec = home.resolve("sweep.yaml");
    Files.writeString(sweepSpec, SWEEP_SPEC.formatted(CliTest.stories(), Path.of(System.getProperty(
        "selfmoe.shared"), "data")));
    CliTest.Run swept = CliTest.run("sweep", sweepSpec.toString(), "--home", home.toString(), "--no-ui");
    assertEquals(0, swept.exit(), swept.err());
    SelfmoeDatabase db = platform.database();
    experiment = db.sql("select id from experiment where name = 'smoke'").rows().get(0).get(0);
    sweep = db.sql("select id from sweep").rows().get(0).get(0);
    site = ResultsSite.start(db, new SiteOptions(SiteOptions.LOOPBACK, 0,
        platform.temporalServer().orElseThrow().webUiUrl(), "default"));
  }

  /** Two cells over the synthetic-data size, one domain, the expert alone: what Figure 5's plot needs. */
  private static final String SWEEP_SPEC = """
      name: size
      model: %s
      data: %s
      seed: 3
      domains: [math]
      seeds: {count: 8}
      synthetic: {samples: 2, max_rounds: 2, brainstorm_tokens: 32, response_tokens: 24, batch_size: 4, format_checks: false}
      lora: {epochs: 1, batch_size: 2, micro_batch_size: 2, max_length: 192}
      variants: [base, expert:math]
      benchmarks:
        - {name: mmlu, limit: 4, shots: 0}
      sweep:
        axes:
          - {field: synthetic.samples, values: [1, 2]}
      """;

  @AfterAll
  static void stop() {
    if (site != null) {
      site.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theListLinksTheExperimentItsSweepAndTheirHistories() throws Exception {
    String body = get("/").body();
    assertTrue(body.contains("href=\"/experiments/" + experiment + "\""), body);
    assertTrue(body.contains("href=\"/sweeps/" + sweep + "\""), body);
    String webUi = platform.temporalServer().orElseThrow().webUiUrl().orElseThrow();
    assertTrue(body.contains("href=\"" + webUi + "/namespaces/default/workflows/" + experiment + "\""), body);
    assertTrue(body.contains("<span class=\"status completed\">completed</span>"));
  }

  @Test
  void theExperimentPageHasEveryVariantBenchmarkCurveAndRoutingOfTheRun() throws Exception {
    String body = get("/experiments/" + experiment).body();
    SelfmoeDatabase db = platform.database();
    List<List<String>> variants = db.sql("select distinct variant from experiment_evaluation where experiment_id = '"
        + experiment + "'").rows();
    assertEquals(7, variants.size(), "base, two experts, instance merging, TIES, DARE, MiXSE");
    for (List<String> v : variants) {
      assertTrue(body.contains("<tr data-variant=\"" + v.get(0) + "\">"), v.get(0));
    }
    assertTrue(body.contains("<th>mmlu</th><th>gsm8k</th><th>average</th>"), body);
    for (String role : List.of("expert:knowledge", "expert:math", "instance-merging", "mixture:mixse-top1")) {
      assertTrue(body.contains("&#34;name&#34;:&#34;" + role + "&#34;"), "loss curve of " + role);
    }
    assertTrue(body.contains("<strong>mixse-top1</strong>"), "the routed variant");
    assertTrue(body.contains("id=\"layer-chart\""));
    String kept = db.sql("select sum(count) from synthetic_data_stats s join experiment_artifact a on a.sha256 ="
        + " s.artifact_sha256 where a.experiment_id = '" + experiment + "' and s.outcome = 'kept' and s.domain ="
        + " 'math'").rows().get(0).get(0);
    assertTrue(body.contains("<tr><th scope=\"row\">math</th><td class=\"num\">" + kept + "</td>"), body);
    assertTrue(body.contains("<th scope=\"row\">kind</th>"), "variants differ in kind");
  }

  @Test
  void everyEvaluationsItemsAreListedAndComparable() throws Exception {
    SelfmoeDatabase db = platform.database();
    for (List<String> row : db.sql("select ee.variant, ee.benchmark, e.n from experiment_evaluation ee join"
        + " evaluation e using (eval_key) where ee.experiment_id = '" + experiment + "'").rows()) {
      String body = get(items(row.get(0), row.get(1), null, null)).body();
      assertEquals(Integer.parseInt(row.get(2)), count(body, "<article class=\"item\""), row.toString());
    }
    String flips = db.sql("select count(*) from experiment_evaluation a join evaluation_item ia on ia.eval_key ="
        + " a.eval_key join experiment_evaluation b on b.experiment_id = a.experiment_id and b.benchmark ="
        + " a.benchmark and b.variant = 'mixse-top1' join evaluation_item ib on ib.eval_key = b.eval_key and"
        + " ib.item_id = ia.item_id where a.experiment_id = '" + experiment + "' and a.variant = 'base' and"
        + " a.benchmark = 'mmlu' and ia.correct <> ib.correct").rows().get(0).get(0);
    String flipped = get(items("base", "mmlu", "mixse-top1", "flipped")).body();
    assertEquals(Integer.parseInt(flips), count(flipped, "<article class=\"item\""), flipped);
  }

  @Test
  void resultsTestEveryVariantAgainstBaseOnTheSameItems() throws Exception {
    CliTest.Run r = CliTest.run("results", experiment, "--home", home.toString(), "--format", "json");
    assertEquals(0, r.exit(), r.err());
    int compared = 0;
    for (com.fasterxml.jackson.databind.JsonNode row : new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(r.out())) {
      String variant = row.get("variant").asText();
      String benchmark = row.get("benchmark").asText();
      if (variant.equals("base")) {
        assertTrue(row.get("p_vs_base").isNull(), row.toString());
        continue;
      }
      // the items page counts the same pairs with its own query
      int gained = count(get(items("base", benchmark, variant, "gained")).body(), "<article class=\"item\"");
      int lost = count(get(items("base", benchmark, variant, "lost")).body(), "<article class=\"item\"");
      assertEquals(gained, row.get("gained_vs_base").asInt(), row.toString());
      assertEquals(lost, row.get("lost_vs_base").asInt(), row.toString());
      double p = row.get("p_vs_base").asDouble();
      assertTrue(p > 0 && p <= 1, row.toString());
      assertEquals(p < 0.05 ? "yes" : "no", row.get("significant").asText());
      compared++;
    }
    assertEquals(6 * 2, compared, "six variants besides base, on MMLU and GSM8K");

    CliTest.Run table = CliTest.run("results", experiment, "--home", home.toString());
    assertEquals(0, table.exit(), table.err());
    List<String> lines = table.out().lines().toList();
    assertEquals(List.of("variant", "mmlu", "gsm8k", "average"), List.of(lines.get(1).trim().split("\\s+")),
        "a column per benchmark the experiment scored, none for those it did not: " + table.out());
    assertTrue(lines.get(3).trim().startsWith("base "), "base first, as in the paper: " + table.out());

    CliTest.Run cells = CliTest.run("results", sweep, "--home", home.toString(), "--format", "csv");
    assertEquals(0, cells.exit(), cells.err());
    List<String> csv = cells.out().strip().lines().toList();
    assertEquals("cell_label,variant,mmlu,average", csv.get(0), cells.out());
    assertEquals(1 + 2 * 2, csv.size(), "two cells, each with base and the expert: " + cells.out());
  }

  @Test
  void sqlAnswersFromTheResultsAndARejectedStatementIsOneLine() {
    CliTest.Run ok = CliTest.run("sql", "SELECT count(*) AS n FROM experiment WHERE name = 'smoke'", "--home",
        home.toString(), "--format", "csv");
    assertEquals(0, ok.exit(), ok.err());
    assertEquals(List.of("n", "1"), ok.out().strip().lines().toList());
    CliTest.Run bad = CliTest.run("sql", "SELECT no_such_column FROM experiment", "--home", home.toString());
    assertEquals(ExitCode.FAILURE, bad.exit());
    List<String> lines = bad.err().lines().filter(l -> l.startsWith("selfmoe: ") || l.startsWith("\t") || l
        .contains("Exception")).toList();
    assertEquals(List.of("selfmoe: ERROR: column \"no_such_column\" does not exist"), lines, bad.err());
  }

  @Test
  void theCsvAndTheSweepPageHoldTheirResults() throws Exception {
    String csv = get("/experiments/" + experiment + "/results.csv").body();
    assertEquals(1 + 7, csv.split("\r\n").length, csv);
    String body = get("/sweeps/" + sweep).body();
    assertTrue(body.contains("<strong>synthetic.samples</strong>"), body);
    assertEquals(2, count(body, "synthetic.samples=1"), "the cell's two variants");
    assertEquals(2, count(body, "synthetic.samples=2"));
    assertEquals(404, get("/experiments/" + experiment + "-nope").statusCode());
  }

  @Test
  void inChromiumEveryPageDrawsItsChartsAndTheHistoryOpensInTheTemporalWebUi() {
    try (Browser browser = new Browser(1280, 2000)) {
      record Page(String name, String path, int charts) {}
      List<Page> pages = List.of(
          new Page("experiments", "/", 0),
          new Page("experiment", "/experiments/" + experiment, 4),
          new Page("experiment-all-settings", "/experiments/" + experiment + "?settings=all&layers=gsm8k", 4),
          new Page("items", items("base", "mmlu", "mixse-top1", null), 0),
          new Page("sweep", "/sweeps/" + sweep + "?metric=mmlu", 1));
      for (Page page : pages) {
        browser.openAndAwaitCharts(site.url() + page.path());
        assertEquals(page.charts(), browser.count("[data-chart][data-rendered=true]"), page.name());
        // each chart is drawn as SVG with marks in it, not left as an empty box
        assertEquals(page.charts(), browser.count("[data-chart] svg"), page.name());
        for (int i = 0; i < page.charts(); i++) {
          Number marks = (Number) browser.script("return document.querySelectorAll('[data-chart]')[" + i
              + "].querySelectorAll('path, rect').length");
          assertTrue(marks.intValue() > 4, page.name() + " chart " + i + " has " + marks + " marks");
        }
        assertEquals(List.of(), browser.driver.manage().logs().get("browser").getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(Object::toString).toList(), page.name() + ": no script errors");
        browser.screenshot(SCREENSHOTS, page.name());
      }

      browser.driver.get(site.url() + "/experiments/" + experiment);
      String history = browser.driver.findElement(By.id("temporal-link")).getAttribute("href");
      browser.driver.get(history);
      new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
          d.getPageSource().contains("ExperimentWorkflow") && d.getPageSource().contains("Completed"));
      assertTrue(browser.driver.getCurrentUrl().contains(experiment), browser.driver.getCurrentUrl());
      browser.screenshot(SCREENSHOTS, "temporal-history");
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(site.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String items(String variant, String benchmark, String compare, String filter) {
    return "/experiments/" + experiment + "/items?variant=" + encode(variant) + "&benchmark=" + benchmark
        + (compare == null ? "" : "&compare=" + encode(compare)) + (filter == null ? "" : "&filter=" + filter);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
