package dev.selfmoe.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2-style byte-level BPE: the text is cut into words by the model's pre-tokenizer patterns, each word's UTF-8
 * bytes are spelled with one printable character per byte, and ranked merges join them, lowest rank first.
 */
public final class ByteLevelBpeTokenizer extends GgufTokenizer {
  private static final String[] BYTE_TO_CHAR = byteAlphabet();
  private static final Map<Character, Integer> CHAR_TO_BYTE = new HashMap<>();

  static {
    for (int b = 0; b < 256; b++) {
      CHAR_TO_BYTE.put(BYTE_TO_CHAR[b].charAt(0), b);
    }
  }

  private final List<String> merges;
  private final Map<String, Integer> mergeRanks = new HashMap<>();
  private final PreTokenizer preTokenizer;
  private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

  ByteLevelBpeTokenizer(List<String> tokens, List<TokenType> types, List<String> merges, PreTokenizer preTokenizer,
      int bos, int eos, int eot, boolean addBos) {
    super(tokens, types, bos, eos, eot, addBos);
    this.merges = List.copyOf(merges);
    this.preTokenizer = preTokenizer;
    for (int i = 0; i < merges.size(); i++) {
      mergeRanks.putIfAbsent(merges.get(i), i);
    }
  }

  public List<String> merges() {
    return merges;
  }

  public PreTokenizer preTokenizer() {
    return preTokenizer;
  }

  @Override
  protected void encodeText(String text, List<Integer> out) {
    for (String word : preTokenizer.split(text)) {
      for (int id : wordCache.computeIfAbsent(word, this::encodeWord)) {
        out.add(id);
      }
    }
  }

  private int[] encodeWord(String word) {
    List<String> symbols = new ArrayList<>();
    for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
      symbols.add(BYTE_TO_CHAR[b & 0xFF]);
    }
    while (symbols.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer rank = mergeRanks.get(symbols.get(i) + " " + symbols.get(i + 1));
        if (rank != null && rank < bestRank) {
          best = i;
          bestRank = rank;
        }
      }
      if (best < 0) {
        break;
      }
      symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
    }
    List<Integer> ids = new ArrayList<>();
    for (String s : symbols) {
      int id = tokenId(s);
      if (id >= 0) {
        ids.add(id);
      } else {
        for (char c : s.toCharArray()) { // a vocabulary without this merge result: spell it byte by byte
          ids.add(tokenId(String.valueOf(c)));
        }
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : ids) {
      if (skippedOnDecode(id)) {
        continue;
      }
      String token = tokens.get(id);
      if (types.get(id) == TokenType.USER_DEFINED) {
        bytes.writeBytes(token.getBytes(StandardCharsets.UTF_8));
        continue;
      }
      for (int i = 0; i < token.length(); i++) {
        Integer b = CHAR_TO_BYTE.get(token.charAt(i));
        if (b != null) {
          bytes.write(b);
        } else {
          bytes.writeBytes(String.valueOf(token.charAt(i)).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** GPT-2's reversible byte → printable character table: printable Latin-1 bytes map to themselves. */
  private static String[] byteAlphabet() {
    String[] table = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      table[b] = String.valueOf((char) (printable ? b : next++));
    }
    return table;
  }

  /** Splits text into words with a sequence of patterns; each pattern's matches and the gaps between stay pieces. */
  public record PreTokenizer(String name, List<String> patterns) {
    public List<String> split(String text) {
      List<String> pieces = List.of(text);
      for (String regex : patterns) {
        Pattern p = compiled(regex);
        List<String> next = new ArrayList<>();
        for (String piece : pieces) {
          Matcher m = p.matcher(piece);
          int last = 0;
          while (m.find()) {
            if (m.start() > last) {
              next.add(piece.substring(last, m.start()));
            }
            if (m.end() > m.start()) {
              next.add(m.group());
            }
            last = m.end();
          }
          if (last < piece.length()) {
            next.add(piece.substring(last));
          }
        }
        pieces = next;
      }
      return pieces;
    }

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private static Pattern compiled(String regex) {
      return COMPILED.computeIfAbsent(regex, r -> Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS));
    }
  }
}
