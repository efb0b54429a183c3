package dev.selfmoe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.ui.view.Assets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every page over HTTP on the fixture's results: status, content, escaping, shareable state and error pages. */
@ExtendWith(FixtureParameter.class)
class ResultsSiteTest {
  private static final String TEMPORAL_UI = "http://127.0.0.1:8233";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ResultsSite site;

  @BeforeAll
  static void start(SelfmoeDatabase db) {
    site = ResultsSite.start(db,
        new SiteOptions(SiteOptions.LOOPBACK, 0, Optional.of(TEMPORAL_UI), "default"));
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void theFrontPageListsExperimentsAndSweepsWithTheirWorkflowLinks() throws Exception {
    HttpResponse<String> page = get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("href=\"/experiments/exp-1\""), page.body());
    assertTrue(page.body().contains("href=\"" + TEMPORAL_UI + "/namespaces/default/workflows/exp-1\""));
    assertTrue(page.body().contains("href=\"/sweeps/sweep-size\""));
    assertTrue(page.body().contains("hx-trigger=\"every 5s\""), "a sweep cell still runs, so the list refreshes");
    assertFalse(get("/experiments/exp-1").body().contains("hx-trigger"), "a finished experiment's page stays put");

    String completed = get("/?status=completed&q=CELL-").body();
    assertTrue(completed.contains("cell-1") && !completed.contains("href=\"/experiments/exp-1\""), completed);
    assertEquals(400, get("/?status=done").statusCode());
  }

  @Test
  void theExperimentPageShowsTable1SettingsCurvesRoutingAndData() throws Exception {
    String body = get("/experiments/exp-1").body();
    // mixse-top1: mmlu 50.0 (tied best), gsm8k 100.0 (best), average 75.0 (best)
    assertTrue(body.contains(">100.0</a>"), body);
    assertTrue(body.contains("class=\"best average\">75.0</td>"), body);
    assertTrue(body.contains("[25.0, 75.0]"), "the interval beside the score");
    // four variant x benchmark pairs against base, none significant with so few items
    assertEquals(4, body.split("<span class=\"vs-base tie\"", -1).length - 1, body);
    assertTrue(body.contains("title=\"against base on 4 paired items: 0 gained, 2 lost; McNemar p = 0.5000\">≈</span>"),
        body);
    assertTrue(body.contains("href=\"/experiments/exp-1/items?variant=mixse-top1&amp;benchmark=gsm8k\""));
    assertTrue(body.contains("id=\"loss-chart\" data-chart=\""));
    assertTrue(body.contains("id=\"routing-chart\""));
    assertTrue(body.contains("id=\"layer-chart\""));
    assertTrue(body.contains("id=\"synthetic-chart\""));
    assertTrue(body.contains("<th scope=\"row\">top_k</th>"), "a setting that differs is shown by default");
    assertFalse(body.contains("<th scope=\"row\">lora.rank</th>"), "one that does not is left out");

    String all = get("/experiments/exp-1?settings=all").body();
    assertTrue(all.contains("Show only differences"));
    assertTrue(all.contains("<th scope=\"row\">lora.rank</th>"));
    assertEquals(404, get("/experiments/exp-1?routing=base").statusCode(), "base was never routed");
    assertEquals(404, get("/experiments/exp-1?layers=bbh").statusCode());
  }

  @Test
  void theCsvHasTheTableAsShown() throws Exception {
    HttpResponse<String> csv = get("/experiments/exp-1/results.csv");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    String[] lines = csv.body().split("\r\n");
    assertEquals("variant,mmlu,mmlu_ci_low,mmlu_ci_high,mmlu_n,mmlu_draws,gsm8k,gsm8k_ci_low,gsm8k_ci_high,gsm8k_n,"
        + "gsm8k_draws,average", lines[0]);
    assertEquals("mixse-top1,0.5,0.25,0.75,4,1,1.0,0.75,1.0,2,1,0.75", lines[3]);
  }

  @Test
  void itemsAreEscapedComparedFilteredAndPaged() throws Exception {
    String base = "/experiments/exp-1/items?variant=base&benchmark=mmlu";
    String body = get(base).body();
    assertFalse(body.contains("<script>window.pwned"), "a prompt is text, never markup");
    assertTrue(body.contains("&lt;script&gt;window.pwned = 1&lt;/script&gt; &amp; &lt;/pre&gt;"), body);
    assertEquals(4, count(body, "<article class=\"item\""));

    String flipped = get(base + "&compare=mixse-top1&filter=flipped").body();
    assertEquals(2, count(flipped, "<article class=\"item\""));
    assertTrue(flipped.contains("it gained 1 and lost 1"), flipped);
    assertEquals(1, count(get(base + "&compare=mixse-top1&filter=lost").body(), "<article class=\"item\""));

    assertEquals(400, get(base + "&filter=flipped").statusCode(), "flipped needs a second variant");
    assertEquals(400, get(base + "&filter=sideways").statusCode());
    assertEquals(400, get(base + "&page=zero").statusCode());
    assertEquals(404, get(base + "&page=2").statusCode());
    assertEquals(404, get(base + "&compare=ties").statusCode());
    assertEquals(404, get("/experiments/exp-1/items?variant=base&benchmark=humaneval").statusCode());
  }

  @Test
  void theSweepPagePlotsTheSettingItVaries() throws Exception {
    String body = get("/sweeps/sweep-size?metric=mmlu").body();
    assertTrue(body.contains("id=\"sweep-chart\""), body);
    assertTrue(body.contains("<strong>synthetic.samples</strong>"));
    assertEquals(3, count(body, "href=\"/experiments/sweep-size/cell-"));
    assertEquals(200, get("/experiments/sweep-size/cell-1").statusCode(), "a cell id holds a slash");
    assertEquals(200, get("/experiments/sweep-size/cell-1/items?variant=mixse-top1").statusCode());
    assertEquals(400, get("/sweeps/sweep-size?metric=bleu").statusCode());
    assertTrue(body.contains("hx-trigger=\"every 5s\""), "cell-4 still runs");
    String fresh = get("/sweeps/sweep-new").body();
    assertTrue(fresh.contains("cells start once the experts they share are trained"), fresh);
    assertTrue(fresh.contains("hx-trigger=\"every 5s\""), "a sweep without cells yet may be running");
    assertEquals(404, get("/sweeps/sweep-size?axis=lora.rank").statusCode());
  }

  @Test
  void unknownIdsAndPathsGetAPageNotAStackTrace() throws Exception {
    HttpResponse<String> missing = get("/experiments/no-such-run");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("There is no experiment with id \"no-such-run\"."), missing.body());
    assertFalse(missing.body().contains("Exception"));
    assertEquals(404, get("/sweeps/nope").statusCode());
    HttpResponse<String> nowhere = get("/no/such/page");
    assertEquals(404, nowhere.statusCode());
    assertTrue(nowhere.body().contains("There is no page at /no/such/page."), nowhere.body());
  }

  @Test
  void scriptsAndStylesComeFromTheJar() throws Exception {
    String page = get("/").body();
    for (String asset : new String[] {Assets.ECHARTS, Assets.HTMX,
        Assets.SCRIPT, Assets.STYLE}) {
      assertTrue(page.contains(asset), asset);
      HttpResponse<String> served = get(asset);
      assertEquals(200, served.statusCode(), asset);
      assertTrue(served.body().length() > 1000, asset);
    }
  }

  @Test
  void aTakenPortIsOneClearError(SelfmoeDatabase db) throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      SiteUnavailableException e = assertThrows(SiteUnavailableException.class, () -> ResultsSite.start(db,
          new SiteOptions(SiteOptions.LOOPBACK, taken.getLocalPort(), Optional.empty(), "default")));
      assertTrue(e.getMessage().contains(":" + taken.getLocalPort() + ": the port is in use"), e.getMessage());
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(site.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
