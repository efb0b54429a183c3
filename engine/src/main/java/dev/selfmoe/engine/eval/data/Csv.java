package dev.selfmoe.engine.eval.data;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as Python's csv module reads it: quoted fields may hold commas, doubled quotes and line breaks, and a
 * quote that does not open a field is literal (MMLU's files have such quotes mid-field).
 */
public final class Csv {
  private Csv() {}

  public static List<List<String>> parse(String text, String where) {
    String source = where;
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte-order mark is not part of the first field
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    boolean opened = false; // a quote opens a field only at its start; elsewhere it is literal, as in Python's csv
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !opened) {
        quoted = true;
        opened = true;
        any = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        opened = false;
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || field.length() > 0) {
          row.add(field.toString());
          rows.add(row);
        }
        row = new ArrayList<>();
        field.setLength(0);
        opened = false;
        any = false;
      } else {
        field.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new EngineException(source + ": unterminated quoted field");
    }
    if (any || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
