package dev.selfmoe.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Llama-style SentencePiece BPE: spaces become ▁ (with one prepended to each run of text), the text starts as one
 * symbol per character, and the adjacent pair whose merged string is in the vocabulary with the highest score is
 * merged until none is left. Characters outside the vocabulary fall back to {@code <0xNN>} byte tokens.
 */
public final class SentencePieceBpeTokenizer extends GgufTokenizer {
  static final String SPACE = "\u2581";

  private final float[] scores;
  private final boolean addSpacePrefix;
  private final int unknown;
  private final int[] byteIds = new int[256];

  SentencePieceBpeTokenizer(List<String> tokens, List<TokenType> types, float[] scores, int bos, int eos, int eot,
      int unknown, boolean addBos, boolean addSpacePrefix) {
    super(tokens, types, bos, eos, eot, addBos);
    this.scores = scores;
    this.unknown = unknown;
    this.addSpacePrefix = addSpacePrefix;
    for (int b = 0; b < 256; b++) {
      byteIds[b] = tokenId(String.format("<0x%02X>", b));
    }
  }

  public float score(int id) {
    return scores[id];
  }

  public boolean addSpacePrefix() {
    return addSpacePrefix;
  }

  public int unknownId() {
    return unknown;
  }

  @Override
  protected void encodeText(String text, List<Integer> out) {
    String normalized = (addSpacePrefix ? " " + text : text).replace(" ", SPACE);
    List<String> symbols = new ArrayList<>();
    normalized.codePoints().forEach(cp -> symbols.add(Character.toString(cp)));
    while (symbols.size() > 1) {
      int best = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        int id = tokenId(symbols.get(i) + symbols.get(i + 1));
        if (id >= 0 && types.get(id) == TokenType.NORMAL && scores[id] > bestScore) {
          best = i;
          bestScore = scores[id];
        }
      }
      if (best < 0) {
        break;
      }
      symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
    }
    for (String s : symbols) {
      int id = tokenId(s);
      if (id >= 0) {
        out.add(id);
        continue;
      }
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
        int byteId = byteIds[b & 0xFF];
        out.add(byteId >= 0 ? byteId : unknown);
      }
    }
  }

  @Override
  public String decode(int[] ids) {
    String text = decodeContinuation(ids);
    return addSpacePrefix && text.startsWith(" ") ? text.substring(1) : text;
  }

  @Override
  public String decodeContinuation(int[] ids) {
    StringBuilder text = new StringBuilder();
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    for (int id : ids) {
      if (skippedOnDecode(id)) {
        continue;
      }
      if (types.get(id) == TokenType.BYTE) {
        pending.write(Integer.parseInt(tokens.get(id).substring(3, 5), 16));
        continue;
      }
      flush(pending, text);
      text.append(tokens.get(id).replace(SPACE, " "));
    }
    flush(pending, text);
    return text.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder text) {
    if (bytes.size() > 0) {
      text.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }
}
