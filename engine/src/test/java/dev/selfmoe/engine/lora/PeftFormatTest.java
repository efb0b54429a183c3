package dev.selfmoe.engine.lora;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.format.gguf.GgufFile;
import dev.selfmoe.engine.format.safetensors.SafetensorsFile;
import dev.selfmoe.engine.model.GgufCheckpoint;
import dev.selfmoe.engine.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load round trips on stories260K's shapes, and adapters the real PEFT library saved (scripts/peft_fixture.py). */
class PeftFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  static ModelConfig stories() {
    try (GgufFile f = GgufFile.open(TestModels.stories260k())) {
      return GgufCheckpoint.config(f);
    }
  }

  /** Random factors for every target of the config in each given layer, shaped like the model's modules. */
  static LoraAdapter randomAdapter(ModelConfig model, LoraConfig config, long seed, int... layers) {
    Random rnd = new Random(seed);
    Map<LoraKey, LoraFactors> factors = new TreeMap<>();
    for (int layer : layers) {
      for (LoraTarget t : config.targets()) {
        int[] shape = shape(t, model);
        float[] a = new float[config.rank() * shape[0]];
        float[] b = new float[shape[1] * config.rank()];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
          b[i] = (float) rnd.nextGaussian();
        }
        factors.put(new LoraKey(layer, t), new LoraFactors(config.rank(), shape[0], shape[1], a, b));
      }
    }
    return new LoraAdapter(config, "stories260K", factors);
  }

  /** {in, out}, written out independently of PeftFormat's table. */
  private static int[] shape(LoraTarget t, ModelConfig c) {
    int h = c.hiddenSize();
    return switch (t) {
      case Q -> new int[] {h, c.heads() * c.headDim()};
      case K, V -> new int[] {h, c.kvHeads() * c.headDim()};
      case O -> new int[] {c.heads() * c.headDim(), h};
      case GATE, UP -> new int[] {h, c.intermediateSize()};
      case DOWN -> new int[] {c.intermediateSize(), h};
    };
  }

  static void assertSameAdapter(LoraAdapter expected, LoraAdapter actual) {
    assertEquals(expected.config(), actual.config());
    assertEquals(expected.baseModel(), actual.baseModel());
    assertEquals(expected.factors().keySet(), actual.factors().keySet());
    expected.factors().forEach((k, f) -> {
      LoraFactors g = actual.factors().get(k);
      assertEquals(f.rank(), g.rank(), k.toString());
      assertEquals(f.in(), g.in(), k.toString());
      assertEquals(f.out(), g.out(), k.toString());
      assertArrayEquals(f.a(), g.a(), k.toString());
      assertArrayEquals(f.b(), g.b(), k.toString());
    });
  }

  @Test
  void storiesShapedAdapterRoundTripsExactly() throws Exception {
    ModelConfig model = stories();
    assertEquals(64, model.hiddenSize());
    assertEquals(172, model.intermediateSize());
    assertEquals(5, model.layers());
    LoraAdapter adapter = randomAdapter(model, new LoraConfig(4, 8, 0.05, LoraTarget.allLinear()), 7, 1, 4);
    Path dir = temp.resolve("adapter");
    PeftFormat.save(adapter, dir);
    LoraAdapter loaded = PeftFormat.load(dir);
    assertSameAdapter(adapter, loaded);
    PeftFormat.check(loaded, model);

    // scripts/peft_fixture.py check reads this copy to verify it against the real PEFT library
    PeftFormat.save(adapter, Path.of("target/peft-java-saved"));

    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(PeftFormat.WEIGHTS_FILE))) {
      assertEquals(28, f.tensors().size());
      assertArrayEquals(new long[] {4, 64},
          f.tensor("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight").orElseThrow().shape());
      assertArrayEquals(new long[] {32, 4},
          f.tensor("base_model.model.model.layers.4.self_attn.k_proj.lora_B.weight").orElseThrow().shape());
      assertArrayEquals(new long[] {4, 172},
          f.tensor("base_model.model.model.layers.4.mlp.down_proj.lora_A.weight").orElseThrow().shape());
    }
    JsonNode cfg = JSON.readTree(dir.resolve(PeftFormat.CONFIG_FILE).toFile());
    assertEquals("LORA", cfg.get("peft_type").asText());
    assertEquals("CAUSAL_LM", cfg.get("task_type").asText());
    assertEquals(4, cfg.get("r").asInt());
    assertTrue(cfg.get("lora_alpha").isIntegralNumber(), "PEFT types lora_alpha as int");
    assertEquals(8, cfg.get("lora_alpha").asInt());
    assertEquals(0.05, cfg.get("lora_dropout").asDouble());
    assertEquals("none", cfg.get("bias").asText());
    assertFalse(cfg.get("fan_in_fan_out").asBoolean());
    assertTrue(cfg.get("inference_mode").asBoolean());
    assertEquals("stories260K", cfg.get("base_model_name_or_path").asText());
    assertEquals("[1,4]", cfg.get("layers_to_transform").toString());
    assertEquals("[\"q_proj\",\"k_proj\",\"v_proj\",\"o_proj\",\"gate_proj\",\"up_proj\",\"down_proj\"]",
        cfg.get("target_modules").toString());
  }

  @Test
  void fractionalAlphaAndNoBaseModelRoundTrip() {
    ModelConfig model = stories();
    LoraAdapter adapter = randomAdapter(model, new LoraConfig(1, 2.5, 0, EnumSet.of(LoraTarget.O)), 3, 0);
    adapter = new LoraAdapter(adapter.config(), null, adapter.factors());
    PeftFormat.save(adapter, temp.resolve("a"));
    assertSameAdapter(adapter, PeftFormat.load(temp.resolve("a")));
  }

  @Test
  void loadsAnAdapterPeftSavedWithListedTargets() throws Exception {
    LoraAdapter a = PeftFormat.load(fixture("lora-list"));
    assertEquals(new LoraConfig(2, 8, 0.05, EnumSet.of(LoraTarget.Q, LoraTarget.V, LoraTarget.DOWN)), a.config());
    assertEquals(Set.of(0, 3), layers(a));
    assertMatchesExpected(a, fixture("lora-list"));
    PeftFormat.check(a, stories());
  }

  @Test
  void loadsAnAdapterPeftSavedWithARegexTarget() throws Exception {
    LoraAdapter a = PeftFormat.load(fixture("lora-regex"));
    assertEquals(new LoraConfig(1, 3, 0, EnumSet.of(LoraTarget.O, LoraTarget.UP)), a.config());
    assertEquals(Set.of(1), layers(a));
    assertMatchesExpected(a, fixture("lora-regex"));
    PeftFormat.check(a, stories());
  }

  @Test
  void acceptsTensorNamesWithTheAdapterName() throws Exception {
    LoraAdapter adapter = randomAdapter(stories(), new LoraConfig(2, 4, 0, EnumSet.of(LoraTarget.V)), 5, 2);
    Path dir = temp.resolve("named");
    PeftFormat.save(adapter, dir);
    PeftFiles.rewriteTensors(dir, (name, values) -> Map.of(name.replace(".weight", ".default.weight"), values));
    assertSameAdapter(adapter, PeftFormat.load(dir));
  }

  @Test
  void checkNamesTheModuleAndBothShapes() {
    ModelConfig model = stories();
    LoraFactors wide = new LoraFactors(1, 64, 64, new float[64], new float[64]);
    LoraAdapter kTooWide = new LoraAdapter(new LoraConfig(1, 1, 0, EnumSet.of(LoraTarget.K)), null,
        Map.of(new LoraKey(2, LoraTarget.K), wide));
    EngineException e = assertThrows(EngineException.class, () -> PeftFormat.check(kTooWide, model));
    assertEquals("adapter does not match the base model: layer 2 k_proj is in 64, out 64 in the adapter but in 64,"
        + " out 32 in the model", e.getMessage());

    LoraAdapter tooDeep = new LoraAdapter(new LoraConfig(1, 1, 0, EnumSet.of(LoraTarget.Q)), null,
        Map.of(new LoraKey(5, LoraTarget.Q), wide));
    e = assertThrows(EngineException.class, () -> PeftFormat.check(tooDeep, model));
    assertTrue(e.getMessage().startsWith("adapter does not match the base model: it adapts layer 5 q_proj"),
        e.getMessage());
  }

  @Test
  void replacesAnAdapterKeepingTheDirectorysOtherFiles() throws Exception {
    ModelConfig model = stories();
    Path dir = temp.resolve("adapter");
    PeftFormat.save(randomAdapter(model, new LoraConfig(2, 4, 0, EnumSet.of(LoraTarget.Q)), 1, 0), dir);
    Files.writeString(dir.resolve("README.md"), "notes");
    Files.createDirectories(dir.resolve("logs")).resolve("train.log").toFile().createNewFile();
    Files.writeString(dir.resolve("adapter_model.bin"), "stale pickle");
    LoraAdapter next = randomAdapter(model, new LoraConfig(3, 6, 0, EnumSet.of(LoraTarget.UP)), 2, 3);
    PeftFormat.save(next, dir);
    assertSameAdapter(next, PeftFormat.load(dir));
    assertEquals("notes", Files.readString(dir.resolve("README.md")));
    assertTrue(Files.exists(dir.resolve("logs/train.log")));
    assertFalse(Files.exists(dir.resolve("adapter_model.bin")), "the old adapter's weights go with it");
    try (var siblings = Files.list(temp)) {
      assertEquals(Set.of(dir), Set.copyOf(siblings.toList()), "no temporary directories left behind");
    }
  }

  @Test
  void refusesANonEmptyDirectoryWithoutAnAdapter() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("busy"));
    Files.writeString(dir.resolve("notes.txt"), "keep me");
    LoraAdapter adapter = randomAdapter(stories(), new LoraConfig(1, 1, 0, EnumSet.of(LoraTarget.Q)), 1, 0);
    EngineException e = assertThrows(EngineException.class, () -> PeftFormat.save(adapter, dir));
    assertTrue(e.getMessage().contains("not empty and holds no PEFT adapter"), e.getMessage());
    assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void savesIntoAnEmptyDirectory() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("empty"));
    LoraAdapter adapter = randomAdapter(stories(), new LoraConfig(1, 1, 0, EnumSet.of(LoraTarget.GATE)), 1, 4);
    PeftFormat.save(adapter, dir);
    assertSameAdapter(adapter, PeftFormat.load(dir));
  }

  static Path fixture(String name) throws Exception {
    return Path.of(PeftFormatTest.class.getResource("/peft/" + name).toURI());
  }

  private static Set<Integer> layers(LoraAdapter a) {
    Set<Integer> s = new java.util.TreeSet<>();
    a.factors().keySet().forEach(k -> s.add(k.layer()));
    return s;
  }

  /** Compares with the values the PEFT script recorded when it saved the fixture. */
  private static void assertMatchesExpected(LoraAdapter a, Path dir) throws Exception {
    JsonNode expected = JSON.readTree(dir.resolve("expected.json").toFile());
    assertEquals(expected.get("r").asInt(), a.config().rank());
    assertEquals(expected.get("lora_alpha").asDouble(), a.config().alpha());
    assertEquals(expected.get("lora_dropout").asDouble(), a.config().dropout());
    assertEquals(expected.get("tensors").asInt(), 2 * a.factors().size());
    for (JsonNode e : expected.get("factors")) {
      LoraFactors f = a.get(e.get("layer").asInt(), LoraTarget.byModule(e.get("module").asText()));
      assertNotNull(f, e.toString());
      assertEquals(e.get("in").asInt(), f.in());
      assertEquals(e.get("out").asInt(), f.out());
      for (int i = 0; i < 4; i++) {
        assertEquals((float) e.get("a_head").get(i).asDouble(), f.a()[i]);
        assertEquals((float) e.get("b_head").get(i).asDouble(), f.b()[i]);
      }
      assertEquals(e.get("a_sum").asDouble(), sum(f.a()), 1e-9);
      assertEquals(e.get("b_sum").asDouble(), sum(f.b()), 1e-9);
    }
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }
}
