package dev.selfmoe.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Hugging Face model directory's tokenizer: {@code tokenizer.json} runs in the Hugging Face tokenizers library
 * (through DJL); BOS/EOS, whether to add BOS, and the chat template come from {@code tokenizer_config.json} and
 * {@code generation_config.json}.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>");

  private final HuggingFaceTokenizer native_;
  private final Map<String, Integer> vocab;
  private final String[] byId;
  private final Set<Integer> special;
  private final int vocabSize;
  private final int bos;
  private final Set<Integer> eos;
  private final boolean addBos;
  private final String chatTemplate;
  private final boolean metaspace;

  private HfTokenizer(Path dir) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new EngineException(dir + ": no tokenizer.json (a Hugging Face model directory needs one)");
    }
    JsonNode json = JSON.readTree(file.toFile());
    Map<String, Integer> ids = new HashMap<>();
    json.path("model").path("vocab").fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asInt()));
    Set<Integer> specials = new java.util.HashSet<>();
    for (JsonNode t : json.path("added_tokens")) {
      ids.put(t.path("content").asText(), t.path("id").asInt());
      if (t.path("special").asBoolean()) {
        specials.add(t.path("id").asInt());
      }
    }
    if (ids.isEmpty()) {
      throw new EngineException(file + ": no vocabulary in model.vocab");
    }
    vocab = Collections.unmodifiableMap(ids);
    byId = new String[ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
    ids.forEach((token, id) -> byId[id] = token);
    special = Collections.unmodifiableSet(specials);
    vocabSize = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    metaspace = json.toString().contains("\u2581");
    JsonNode config = readOptional(dir.resolve("tokenizer_config.json"));
    bos = tokenId(tokenText(config.get("bos_token")));
    addBos = config.has("add_bos_token") ? config.get("add_bos_token").asBoolean()
        : json.path("post_processor").toString().contains("\"" + tokenText(config.get("bos_token")) + "\"")
            && bos >= 0;
    Set<Integer> stops = new LinkedHashSet<>();
    int eosId = tokenId(tokenText(config.get("eos_token")));
    if (eosId >= 0) {
      stops.add(eosId);
    }
    JsonNode generation = readOptional(dir.resolve("generation_config.json")).get("eos_token_id");
    if (generation != null && generation.isArray()) {
      generation.forEach(n -> stops.add(n.asInt()));
    } else if (generation != null && generation.canConvertToInt()) {
      stops.add(generation.asInt());
    }
    for (String name : END_OF_TURN) {
      Integer id = vocab.get(name);
      if (id != null && special.contains(id)) {
        stops.add(id);
      }
    }
    eos = Collections.unmodifiableSet(stops);
    chatTemplate = template(config.get("chat_template"));
    try {
      native_ = HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .build();
    } catch (RuntimeException e) {
      throw new EngineException(file + ": the tokenizers library rejected it ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
    }
  }

  public static HfTokenizer open(Path dir) {
    try {
      return new HfTokenizer(dir);
    } catch (IOException e) {
      throw new EngineException(dir + ": cannot read the tokenizer files (" + e.getMessage() + ")", e);
    }
  }

  public Optional<String> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }

  @Override
  public int[] encode(String text) {
    long[] ids = native_.encode(text).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    return native_.decode(toLongs(ids), true);
  }

  @Override
  public String decodeContinuation(int[] ids) {
    String text = decode(ids);
    if (metaspace && ids.length > 0 && idToToken(ids[0]).startsWith("\u2581")) {
      return " " + text;
    }
    return text;
  }

  private String idToToken(int id) {
    return id >= 0 && id < byId.length && byId[id] != null ? byId[id] : "";
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public int bosId() {
    return bos;
  }

  @Override
  public Set<Integer> eosIds() {
    return eos;
  }

  @Override
  public boolean addBos() {
    return addBos;
  }

  @Override
  public int tokenId(String token) {
    return token == null ? -1 : vocab.getOrDefault(token, -1);
  }

  @Override
  public void close() {
    native_.close();
  }

  private static long[] toLongs(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  /** Special tokens in tokenizer_config.json are either strings or {"content": ...} objects. */
  private static String tokenText(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isTextual() ? node.asText() : node.path("content").asText(null);
  }

  /** A single template string, or the one named "default" in a list of named templates. */
  private static String template(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    for (JsonNode t : node) {
      if (t.path("name").asText().equals("default")) {
        return t.path("template").asText();
      }
    }
    return null;
  }

  private static JsonNode readOptional(Path file) throws IOException {
    return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
  }
}
