package dev.selfmoe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.db.PairedCounts;
import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.ui.read.CellLabel;
import dev.selfmoe.ui.read.EvaluationItems;
import dev.selfmoe.ui.read.ItemFilter;
import dev.selfmoe.ui.read.LossCurves;
import dev.selfmoe.ui.read.RoutingMaps;
import dev.selfmoe.ui.read.ScoreGrid;
import dev.selfmoe.ui.read.SweepResults;
import dev.selfmoe.ui.read.SyntheticDataCounts;
import dev.selfmoe.ui.read.VariantSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the pages read, on the fixture's results, whose numbers are worked out by hand in ResultsFixture. */
@ExtendWith(FixtureParameter.class)
class ReadModelsTest {
  private static final double EPS = 1e-12;

  @Test
  void theScoreGridHasTable1sOrderAverageAndBest(SelfmoeDatabase db) {
    ScoreGrid grid = ScoreGrid.of(db.dsl(), ResultsFixture.EXPERIMENT);

    assertEquals(List.of("mmlu", "gsm8k"), grid.benchmarks());
    assertEquals(List.of("base", "expert:math", "mixse-top1"), grid.rows().stream().map(ScoreGrid.Row::variant)
        .toList());
    ScoreGrid.Row mixse = grid.rows().get(2);
    assertEquals(0.5, mixse.score("mmlu").score(), EPS);
    assertEquals(1.0, mixse.score("gsm8k").score(), EPS);
    assertEquals(0.75, mixse.average(), EPS);
    assertTrue(grid.isBest("gsm8k", 1.0));
    assertTrue(grid.isBest("mmlu", 0.5), "base and mixse tie on mmlu");
    assertFalse(grid.isBest("mmlu", 0.0));
    assertTrue(grid.isBest(ScoreGrid.AVERAGE, mixse.average()));

    // mmlu items against base: mixse gains item 1 and loses item 3, the expert loses items 0 and 3
    PairedCounts mixseMmlu = grid.vsBase("mixse-top1", "mmlu");
    assertEquals(List.of(4, 1, 1), List.of(mixseMmlu.paired(), mixseMmlu.gained(), mixseMmlu.lost()));
    assertEquals(1.0, mixseMmlu.p(), EPS, "2 * (1 + 2) / 4, capped at 1");
    PairedCounts expertMmlu = grid.vsBase("expert:math", "mmlu");
    assertEquals(List.of(4, 0, 2), List.of(expertMmlu.paired(), expertMmlu.gained(), expertMmlu.lost()));
    assertEquals(0.5, expertMmlu.p(), EPS, "2 * 0.5^2");
    assertFalse(expertMmlu.significant());
    assertNull(grid.vsBase("base", "mmlu"));
  }

  @Test
  void settingsExpandTheRecipesAVariantRunsOn(SelfmoeDatabase db) {
    VariantSettings settings = VariantSettings.of(db.dsl(), ResultsFixture.EXPERIMENT);

    assertEquals(List.of("base", "expert:math", "mixse-top1"), settings.variants());
    assertEquals("8", settings.value("lora.rank", "expert:math"));
    assertNull(settings.value("lora.rank", "base"));
    // the mixture's expert is expanded beneath it, and that expert's data beneath that
    assertEquals("8", settings.value("experts[0].lora.rank", "mixse-top1"));
    assertEquals("math", settings.value("experts[0].data[0].domain", "mixse-top1"));
    assertEquals("1", settings.value("top_k", "mixse-top1"));
    assertTrue(settings.differs("kind"));
    assertTrue(settings.differs("top_k"));
    assertFalse(settings.differs("lora.rank"), "only the expert has a rank: nothing to differ from");
    assertFalse(settings.differingKeys().contains("experts[0].lora.rank"));
  }

  @Test
  void curvesRoutingAndSyntheticCountsBelongToTheirExperiment(SelfmoeDatabase db) {
    LossCurves curves = LossCurves.of(db.dsl(), ResultsFixture.EXPERIMENT);
    assertEquals(List.of("expert:math", "mixture:mixse-top1"), List.copyOf(curves.curves().keySet()));
    assertEquals(List.of(2.5, 2.1, 1.8), curves.curves().get("expert:math").stream().map(LossCurves.Point::loss)
        .toList());

    RoutingMaps routing = new RoutingMaps(db.dsl());
    assertEquals(List.of("mixse-top1"), routing.routedVariants(ResultsFixture.EXPERIMENT));
    List<RoutingMaps.Cell> byBenchmark = routing.byBenchmark(ResultsFixture.EXPERIMENT, "mixse-top1");
    assertEquals(1, byBenchmark.size());
    assertEquals(0.5, byBenchmark.get(0).meanWeight(), EPS, "layers averaged by tokens");
    List<RoutingMaps.Cell> byLayer = routing.byLayer(ResultsFixture.EXPERIMENT, "mixse-top1", "mmlu");
    assertEquals(List.of(0.75, 0.25), byLayer.stream().map(RoutingMaps.Cell::meanWeight).toList());

    SyntheticDataCounts synthetic = SyntheticDataCounts.of(db.dsl(), ResultsFixture.EXPERIMENT);
    assertEquals(List.of("math"), synthetic.domains());
    assertEquals(List.of("kept", "duplicate", "format"), synthetic.outcomes());
    assertEquals(4, synthetic.count("math", "kept"));
    assertEquals(2, synthetic.count("math", "duplicate"));
  }

  @Test
  void itemsCompareTwoVariantsAndFilterTheFlipped(SelfmoeDatabase db) {
    EvaluationItems items = new EvaluationItems(db.dsl());
    String base = items.evaluationOf(ResultsFixture.EXPERIMENT, "base", "mmlu", 0).orElseThrow();
    String mixse = items.evaluationOf(ResultsFixture.EXPERIMENT, "mixse-top1", "mmlu", 0).orElseThrow();

    EvaluationItems.Totals totals = items.totals(base, mixse);
    assertEquals(new EvaluationItems.Totals(4, 2, 2, 1, 1), totals);
    List<EvaluationItems.Pair> flipped = items.page(base, mixse, ItemFilter.FLIPPED, 0, 50);
    assertEquals(List.of(1, 3), flipped.stream().map(p -> p.a().index()).toList());
    assertTrue(flipped.get(0).b().correct());
    assertEquals(List.of(1), items.page(base, mixse, ItemFilter.GAINED, 0, 50).stream().map(p -> p.a().index())
        .toList());
    assertEquals(2, items.count(base, null, ItemFilter.WRONG));
    assertEquals(List.of(2, 3), items.page(base, null, ItemFilter.ALL, 2, 2).stream().map(p -> p.a().index())
        .toList());
    assertNull(items.page(base, null, ItemFilter.ALL, 0, 1).get(0).b());
  }

  @Test
  void aSweepsCellsGiveOneLinePerVariantAlongTheSettingTheyVary(SelfmoeDatabase db) {
    SweepResults sweep = SweepResults.of(db.dsl(), ResultsFixture.SWEEP);

    assertEquals(List.of("synthetic.samples"), sweep.axes());
    assertEquals(3, sweep.rows().size());
    assertTrue(sweep.isNumericAxis("synthetic.samples"));
    List<SweepResults.Series> lines = sweep.series("synthetic.samples", "mmlu");
    assertEquals(1, lines.size());
    assertEquals(List.of("1", "2", "4"), lines.get(0).points().stream().map(SweepResults.Point::x).toList());
    assertEquals(List.of(0.5, 0.75, 0.25), lines.get(0).points().stream().map(SweepResults.Point::y).toList());
    assertEquals(0.25, lines.get(0).points().get(0).low(), EPS);
  }

  @Test
  void cellLabelsReadBackTheirSettingsFromEveryGridThatSharesTheCell() {
    String label = "variants=mixse-top1 | synthetic.samples=4,variants=mixse-top1";
    assertEquals("4", CellLabel.value(label, "synthetic.samples").orElseThrow());
    assertEquals("mixse-top1", CellLabel.value(label, "variants").orElseThrow());
    assertTrue(CellLabel.value(label, "domains").isEmpty());
    assertEquals(List.of("variants", "synthetic.samples"), CellLabel.paths(label));
  }
}
