package dev.weir.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text printed in aligned columns separated by two spaces; numbers (cells given as
 * {@link Number}) are right-aligned, everything else left-aligned.
 */
final class TextTable {
  private final List<Object[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  /** Adds a row with one cell per header column. */
  void row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row needs " + columns + " cells, got " + cells.length);
    }
    rows.add(cells);
  }

  /** Whether the table has rows besides the header. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    boolean[] right = new boolean[columns];
    for (Object[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], String.valueOf(row[c]).length());
        right[c] |= row[c] instanceof Number;
      }
    }
    for (Object[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = String.valueOf(row[c]);
        String pad = " ".repeat(widths[c] - cell.length());
        if (c > 0) {
          line.append("  ");
        }
        line.append(right[c] ? pad + cell : c == columns - 1 ? cell : cell + pad);
      }
      out.println(line);
    }
  }
}
