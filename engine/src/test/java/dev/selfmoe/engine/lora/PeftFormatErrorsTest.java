package dev.selfmoe.engine.lora;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.lora.PeftFiles.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each input load cannot represent fails with one line naming the file and the problem. */
class PeftFormatErrorsTest {
  @TempDir Path temp;
  Path dir;

  /** A valid adapter with q_proj and down_proj in layers 0 and 3, to break one way per test. */
  @BeforeEach
  void saveValidAdapter() {
    dir = temp.resolve("adapter");
    LoraConfig config = new LoraConfig(2, 4, 0, EnumSet.of(LoraTarget.Q, LoraTarget.DOWN));
    PeftFormat.save(PeftFormatTest.randomAdapter(PeftFormatTest.stories(), config, 11, 0, 3), dir);
  }

  private String loadFails() {
    EngineException e = assertThrows(EngineException.class, () -> PeftFormat.load(dir));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  private void assertFails(String file, String problem) {
    String message = loadFails();
    assertTrue(message.startsWith(dir.resolve(file).toString()), message);
    assertTrue(message.contains(problem), message);
  }

  @Test
  void missingConfig() throws Exception {
    Files.delete(dir.resolve(PeftFormat.CONFIG_FILE));
    assertFails(PeftFormat.CONFIG_FILE, "no such file");
  }

  @Test
  void missingWeights() throws Exception {
    Files.delete(dir.resolve(PeftFormat.WEIGHTS_FILE));
    assertFails(PeftFormat.WEIGHTS_FILE, "no such file");
  }

  @Test
  void pickleWeightsOnly() throws Exception {
    Files.move(dir.resolve(PeftFormat.WEIGHTS_FILE), dir.resolve("adapter_model.bin"));
    assertFails("adapter_model.bin", "pickle weights are not supported");
  }

  @Test
  void configNotJson() throws Exception {
    Files.writeString(dir.resolve(PeftFormat.CONFIG_FILE), "{\"r\": 8,");
    assertFails(PeftFormat.CONFIG_FILE, "not valid JSON");
  }

  @Test
  void notLora() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("peft_type", "IA3"));
    assertFails(PeftFormat.CONFIG_FILE, "peft_type is 'IA3', only LORA adapters are supported");
  }

  @Test
  void unknownTargetModuleInTheList() throws Exception {
    PeftFiles.editConfig(dir, c -> c.putArray("target_modules").add("q_proj").add("lm_head"));
    assertFails(PeftFormat.CONFIG_FILE, "unknown LoRA target module 'lm_head'");
  }

  @Test
  void tensorForAnUnknownModule() {
    PeftFiles.rewriteTensors(dir, (n, t) -> Map.of(n.replace("mlp.down_proj", "mlp.fc1"), t));
    assertFails(PeftFormat.WEIGHTS_FILE, "unknown LoRA target module 'fc1'");
  }

  @Test
  void tensorForAModuleTheListLeavesOut() throws Exception {
    PeftFiles.editConfig(dir, c -> c.putArray("target_modules").add("q_proj"));
    assertFails(PeftFormat.WEIGHTS_FILE, "adapts down_proj, which target_modules does not list");
  }

  @Test
  void listedModuleWithoutFactors() throws Exception {
    PeftFiles.editConfig(dir, c -> c.putArray("target_modules").add("q_proj").add("down_proj").add("v_proj"));
    assertFails(PeftFormat.WEIGHTS_FILE, "target_modules lists v_proj but there are no factors for it");
  }

  @Test
  void tensorTheRegexDoesNotMatch() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("target_modules", ".*\\.q_proj"));
    assertFails(PeftFormat.WEIGHTS_FILE, "adapts model.layers.0.mlp.down_proj, which target_modules '.*\\.q_proj'"
        + " does not match");
  }

  @Test
  void regexTargetsWhatTheTensorsHave() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("target_modules", ".*\\.(q_proj|down_proj)"));
    assertEquals(EnumSet.of(LoraTarget.Q, LoraTarget.DOWN), PeftFormat.load(dir).config().targets());
  }

  @Test
  void tensorInALayerLayersToTransformLeavesOut() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("layers_to_transform", 0));
    assertFails(PeftFormat.WEIGHTS_FILE, "is in layer 3, which layers_to_transform [0] leaves out");
  }

  @Test
  void rankMismatch() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("r", 4));
    assertFails(PeftFormat.WEIGHTS_FILE, "rank mismatch: adapter_config.json has r=4 but layer 0 q_proj has"
        + " lora_A [2, 64] and lora_B [64, 2]");
  }

  @Test
  void missingB() {
    PeftFiles.rewriteTensors(dir, (n, t) -> n.contains("layers.3.mlp.down_proj.lora_B") ? Map.of() : Map.of(n, t));
    assertFails(PeftFormat.WEIGHTS_FILE, "layer 3 down_proj has lora_A but no lora_B");
  }

  @Test
  void missingA() {
    PeftFiles.rewriteTensors(dir, (n, t) -> n.contains("layers.0.self_attn.q_proj.lora_A") ? Map.of() : Map.of(n, t));
    assertFails(PeftFormat.WEIGHTS_FILE, "layer 0 q_proj has lora_B but no lora_A");
  }

  @Test
  void dora() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("use_dora", true));
    assertFails(PeftFormat.CONFIG_FILE, "DoRA (use_dora) is not supported");
  }

  @Test
  void doraMagnitudeTensor() {
    PeftFiles.rewriteTensors(dir, (n, t) -> n.contains("layers.0.self_attn.q_proj.lora_A") ? Map.of(n, t,
        "base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector", new Tensor(new long[] {64},
            new float[64])) : Map.of(n, t));
    assertFails(PeftFormat.WEIGHTS_FILE, "DoRA is not supported");
  }

  @Test
  void modulesToSave() throws Exception {
    PeftFiles.editConfig(dir, c -> c.putArray("modules_to_save").add("lm_head"));
    assertFails(PeftFormat.CONFIG_FILE, "fully trained modules (modules_to_save) is not supported");
  }

  @Test
  void fullModuleTensor() {
    PeftFiles.rewriteTensors(dir, (n, t) -> n.contains("layers.0.self_attn.q_proj.lora_A") ? Map.of(n, t,
        "base_model.model.lm_head.weight", new Tensor(new long[] {2, 2}, new float[4])) : Map.of(n, t));
    assertFails(PeftFormat.WEIGHTS_FILE, "modules_to_save");
  }

  @Test
  void trainedBiases() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("bias", "lora_only"));
    assertFails(PeftFormat.CONFIG_FILE, "bias \"lora_only\" is not supported");
  }

  @Test
  void loraBias() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("lora_bias", true));
    assertFails(PeftFormat.CONFIG_FILE, "LoRA biases (lora_bias) is not supported");
  }

  @Test
  void loraBiasTensor() {
    PeftFiles.rewriteTensors(dir, (n, t) -> n.contains("layers.0.self_attn.q_proj.lora_B") ? Map.of(n, t,
        n.replace(".weight", ".bias"), new Tensor(new long[] {64}, new float[64])) : Map.of(n, t));
    assertFails(PeftFormat.WEIGHTS_FILE, "lora_bias is not supported");
  }

  @Test
  void rankPattern() throws Exception {
    PeftFiles.editConfig(dir, c -> c.putObject("rank_pattern").put("q_proj", 4));
    assertFails(PeftFormat.CONFIG_FILE, "per-module ranks (rank_pattern) is not supported");
  }

  @Test
  void alphaPattern() throws Exception {
    PeftFiles.editConfig(dir, c -> c.putObject("alpha_pattern").put("q_proj", 32));
    assertFails(PeftFormat.CONFIG_FILE, "per-module alphas (alpha_pattern) is not supported");
  }

  @Test
  void rsLora() throws Exception {
    PeftFiles.editConfig(dir, c -> c.put("use_rslora", true));
    assertFails(PeftFormat.CONFIG_FILE, "use_rslora");
  }

  @Test
  void emptyPatternsAndMinimalConfigAreFine() throws Exception {
    PeftFiles.editConfig(dir, c -> {
      c.retain("peft_type", "r", "lora_alpha", "target_modules");
      c.putObject("rank_pattern");
      c.putNull("alpha_pattern");
    });
    LoraAdapter a = PeftFormat.load(dir);
    assertEquals(new LoraConfig(2, 4, 0, EnumSet.of(LoraTarget.Q, LoraTarget.DOWN)), a.config());
    assertNull(a.baseModel());
  }

  @Test
  void twoAdaptersInOneFile() {
    PeftFiles.rewriteTensors(dir, (n, t) -> Map.of(n.contains("layers.0") ? n.replace(".weight", ".other.weight")
        : n, t));
    assertFails(PeftFormat.WEIGHTS_FILE, "holds more than one adapter");
  }

  @Test
  void saveRefusesMixedRanks() {
    LoraAdapter bad = new LoraAdapter(new LoraConfig(2, 4, 0, EnumSet.of(LoraTarget.Q)), null,
        Map.of(new LoraKey(0, LoraTarget.Q), new LoraFactors(1, 64, 64, new float[64], new float[64])));
    EngineException e = assertThrows(EngineException.class, () -> PeftFormat.save(bad, temp.resolve("x")));
    assertTrue(e.getMessage().contains("PEFT needs one rank"), e.getMessage());
    assertFalse(Files.exists(temp.resolve("x")));
  }
}
