package dev.selfmoe.engine.selfspec;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.List;

/** Splits RFC 4180 text into rows of fields; MMLU's files quote fields that hold commas, quotes and newlines. */
final class CsvRows {
  private CsvRows() {}

  static List<List<String>> parse(String text, String source) {
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
