package dev.selfmoe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;

/** Columns and rows of text printed as an aligned table, CSV or JSON (an array of objects). */
record TextTable(List<String> columns, List<List<String>> rows) {
  void print(PrintWriter out, String format) {
    switch (format) {
      case "table" -> aligned(out);
      case "csv" -> csv(out);
      case "json" -> json(out);
      default -> throw new UserInputException("unknown format " + format + " (table, json or csv)");
    }
    out.flush();
  }

  private void aligned(PrintWriter out) {
    int[] width = new int[columns.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = columns.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], cell(row, c).length());
      }
    }
    line(out, columns, width);
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    rows.forEach(r -> line(out, r, width));
  }

  private static void line(PrintWriter out, List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      String v = cell(cells, c);
      b.append(c == 0 ? String.format("%-" + width[c] + "s", v) : String.format("%" + width[c] + "s", v)).append("  ");
    }
    out.println(b.toString().stripTrailing());
  }

  private static String cell(List<String> row, int c) {
    String v = c < row.size() ? row.get(c) : null;
    return v == null ? "" : v;
  }

  private void csv(PrintWriter out) {
    out.println(String.join(",", columns.stream().map(TextTable::quote).toList()));
    for (List<String> row : rows) {
      out.println(String.join(",", row.stream().map(v -> v == null ? "" : quote(v)).toList()));
    }
  }

  private static String quote(String v) {
    return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  private void json(PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode array = mapper.createArrayNode();
    for (List<String> row : rows) {
      ObjectNode o = array.addObject();
      for (int c = 0; c < columns.size(); c++) {
        o.put(columns.get(c), cell(row, c).isEmpty() && row.get(c) == null ? null : row.get(c));
      }
    }
    out.println(array.toPrettyString());
  }
}
