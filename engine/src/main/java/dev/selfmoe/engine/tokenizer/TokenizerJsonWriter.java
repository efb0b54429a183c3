package dev.selfmoe.engine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfmoe.engine.EngineException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Writes a GGUF vocabulary as {@code tokenizer.json} (plus {@code tokenizer_config.json} and the stop ids in
 * {@code generation_config.json}) that the Hugging Face tokenizers library runs to the same ids.
 *
 * <p>SentencePiece vocabularies carry scores, not merges: every way of splitting a vocabulary token into two
 * vocabulary tokens becomes a merge, ranked by the merged token's score, which is the order the score-driven
 * algorithm applies them in.
 */
public final class TokenizerJsonWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerJsonWriter() {}

  public static void write(GgufTokenizer tokenizer, Optional<String> chatTemplate, Path dir) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    addedTokens(tokenizer, root.putArray("added_tokens"));
    switch (tokenizer) {
      case SentencePieceBpeTokenizer spm -> sentencePiece(spm, root);
      case ByteLevelBpeTokenizer bpe -> byteLevel(bpe, root);
    }
    try {
      JSON.writeValue(dir.resolve("tokenizer.json").toFile(), root);
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer_config.json").toFile(),
          config(tokenizer, chatTemplate));
      ObjectNode generation = JSON.createObjectNode();
      if (tokenizer.bosId() >= 0) {
        generation.put("bos_token_id", tokenizer.bosId());
      }
      ArrayNode stops = generation.putArray("eos_token_id");
      tokenizer.eosIds().forEach(stops::add);
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("generation_config.json").toFile(), generation);
    } catch (IOException e) {
      throw new EngineException(dir + ": cannot write the tokenizer (" + e.getMessage() + ")", e);
    }
  }

  private static void addedTokens(GgufTokenizer t, ArrayNode out) {
    for (int id = 0; id < t.tokens().size(); id++) {
      TokenType type = t.types().get(id);
      if (type == TokenType.CONTROL || type == TokenType.USER_DEFINED || type == TokenType.UNKNOWN) {
        out.addObject()
            .put("id", id)
            .put("content", t.tokens().get(id))
            .put("single_word", false)
            .put("lstrip", false)
            .put("rstrip", false)
            .put("normalized", false)
            .put("special", type != TokenType.USER_DEFINED);
      }
    }
  }

  private static void sentencePiece(SentencePieceBpeTokenizer t, ObjectNode root) {
    ArrayNode normalizers = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
    if (t.addSpacePrefix()) {
      normalizers.addObject().put("type", "Prepend").put("prepend", SentencePieceBpeTokenizer.SPACE);
    }
    replace(normalizers.addObject(), " ", SentencePieceBpeTokenizer.SPACE);
    root.putNull("pre_tokenizer");
    ObjectNode model = bpeModel(t, root);
    model.put("unk_token", t.tokens().get(t.unknownId()));
    model.put("fuse_unk", true);
    model.put("byte_fallback", true);
    ArrayNode merges = model.putArray("merges");
    sentencePieceMerges(t).forEach(merges::add);
    root.putNull("post_processor");
    ArrayNode decoders = root.putObject("decoder").put("type", "Sequence").putArray("decoders");
    replace(decoders.addObject(), SentencePieceBpeTokenizer.SPACE, " ");
    decoders.addObject().put("type", "ByteFallback");
    decoders.addObject().put("type", "Fuse");
    if (t.addSpacePrefix()) {
      decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
    }
  }

  private static List<String> sentencePieceMerges(SentencePieceBpeTokenizer t) {
    record Merge(String pair, float score, int id) {}
    List<Merge> merges = new ArrayList<>();
    for (int id = 0; id < t.tokens().size(); id++) {
      String token = t.tokens().get(id);
      if (t.types().get(id) != TokenType.NORMAL || token.codePointCount(0, token.length()) < 2) {
        continue;
      }
      for (int cut = token.offsetByCodePoints(0, 1); cut < token.length();
          cut = token.offsetByCodePoints(cut, 1)) {
        String left = token.substring(0, cut);
        String right = token.substring(cut);
        if (symbol(t, left) && symbol(t, right)) {
          merges.add(new Merge(left + " " + right, t.score(id), id));
        }
      }
    }
    merges.sort(Comparator.comparingDouble((Merge m) -> -m.score).thenComparingInt(m -> m.id));
    return merges.stream().map(Merge::pair).toList();
  }

  /** A string the score-driven algorithm can hold as one symbol: a normal token or a single character. */
  private static boolean symbol(SentencePieceBpeTokenizer t, String s) {
    int id = t.tokenId(s);
    return id >= 0 && t.types().get(id) == TokenType.NORMAL;
  }

  private static void byteLevel(ByteLevelBpeTokenizer t, ObjectNode root) {
    root.putNull("normalizer");
    ArrayNode pre = root.putObject("pre_tokenizer").put("type", "Sequence").putArray("pretokenizers");
    for (String pattern : t.preTokenizer().patterns()) {
      ObjectNode split = pre.addObject().put("type", "Split");
      split.putObject("pattern").put("Regex", pattern);
      split.put("behavior", "Isolated").put("invert", false);
    }
    pre.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
        .put("use_regex", false);
    ObjectNode model = bpeModel(t, root);
    model.putNull("unk_token");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ArrayNode merges = model.putArray("merges");
    t.merges().forEach(merges::add);
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
        .put("use_regex", true);
  }

  private static ObjectNode bpeModel(GgufTokenizer t, ObjectNode root) {
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int id = 0; id < t.tokens().size(); id++) {
      if (!vocab.has(t.tokens().get(id))) {
        vocab.put(t.tokens().get(id), id);
      }
    }
    return model;
  }

  private static void replace(ObjectNode node, String from, String to) {
    node.put("type", "Replace");
    node.putObject("pattern").put("String", from);
    node.put("content", to);
  }

  private static ObjectNode config(GgufTokenizer t, Optional<String> chatTemplate) {
    ObjectNode c = JSON.createObjectNode();
    c.put("tokenizer_class", "PreTrainedTokenizerFast");
    if (t.bosId() >= 0) {
      c.put("bos_token", t.tokens().get(t.bosId()));
    }
    if (t.eosId() >= 0) {
      c.put("eos_token", t.tokens().get(t.eosId()));
    }
    c.put("add_bos_token", t.addBos());
    c.put("add_eos_token", false);
    c.put("clean_up_tokenization_spaces", false);
    chatTemplate.ifPresent(s -> c.put("chat_template", s));
    return c;
  }
}
