package dev.selfmoe.engine.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tokenizer rebuilt from the vocabulary a GGUF file embeds. Subclasses supply the model (SentencePiece-style BPE or
 * byte-level BPE); this class holds the vocabulary and the special-token handling both share.
 */
public abstract sealed class GgufTokenizer implements Tokenizer
    permits SentencePieceBpeTokenizer, ByteLevelBpeTokenizer {
  /** Names of end-of-turn tokens of the chat families supported: generation stops at them too. */
  private static final List<String> END_OF_TURN = List.of("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>");

  protected final List<String> tokens;
  protected final List<TokenType> types;
  protected final Map<String, Integer> ids;
  private final int bos;
  private final int eos;
  private final boolean addBos;
  private final Set<Integer> eosIds;
  private final SpecialTokenSplitter splitter;

  protected GgufTokenizer(List<String> tokens, List<TokenType> types, int bos, int eos, int eot, boolean addBos) {
    this.tokens = List.copyOf(tokens);
    this.types = List.copyOf(types);
    Map<String, Integer> byText = new HashMap<>(tokens.size() * 2);
    Map<String, Integer> specials = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      byText.putIfAbsent(tokens.get(i), i);
      if (types.get(i).matchedLiterally() && !tokens.get(i).isEmpty()) {
        specials.putIfAbsent(tokens.get(i), i);
      }
    }
    this.ids = Collections.unmodifiableMap(byText);
    this.bos = bos;
    this.eos = eos;
    this.addBos = addBos;
    Set<Integer> stop = new LinkedHashSet<>();
    if (eos >= 0) {
      stop.add(eos);
    }
    if (eot >= 0) {
      stop.add(eot);
    }
    for (String name : END_OF_TURN) {
      Integer id = specials.get(name);
      if (id != null) {
        stop.add(id);
      }
    }
    this.eosIds = Collections.unmodifiableSet(stop);
    this.splitter = new SpecialTokenSplitter(specials);
  }

  /** Ids of plain text (no special tokens in it). */
  protected abstract void encodeText(String text, List<Integer> out);

  @Override
  public int[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    for (SpecialTokenSplitter.Piece p : splitter.split(text)) {
      if (p.special()) {
        out.add(p.specialId());
      } else {
        encodeText(p.text(), out);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Control tokens are dropped on decoding, as the reference tokenizers do when skipping special tokens. */
  protected boolean skippedOnDecode(int id) {
    return id < 0 || id >= tokens.size() || types.get(id) == TokenType.CONTROL;
  }

  @Override
  public int vocabSize() {
    return tokens.size();
  }

  @Override
  public int bosId() {
    return bos;
  }

  public int eosId() {
    return eos;
  }

  @Override
  public Set<Integer> eosIds() {
    return eosIds;
  }

  @Override
  public boolean addBos() {
    return addBos;
  }

  @Override
  public int tokenId(String token) {
    return ids.getOrDefault(token, -1);
  }

  public List<String> tokens() {
    return tokens;
  }

  public List<TokenType> types() {
    return types;
  }
}
