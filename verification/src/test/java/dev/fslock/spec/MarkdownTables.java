package dev.fslock.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tables of a Markdown text (GitHub's pipe tables): a header row, a delimiter row of dashes,
 * then the data rows up to the first line that does not start with a pipe.
 */
final class MarkdownTables {
    private MarkdownTables() {}

    /** One table: its header cells and data rows; {@code line} numbers count from 1. */
    record Table(int line, List<String> header, List<Row> rows) {
        /** The index of the header cell equal to {@code name} (case-insensitively), or -1. */
        int column(String name) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    record Row(int line, List<String> cells) {
        /** The cell at {@code index}, or "" where the row is shorter. */
        String cell(int index) {
            return index >= 0 && index < cells.size() ? cells.get(index) : "";
        }
    }

    private static final Pattern DELIMITER = Pattern.compile("\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*");

    static List<Table> parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Table> tables = new ArrayList<>();
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode || !isRow(line) || i + 1 >= lines.size() || !DELIMITER.matcher(lines.get(i + 1).strip()).matches()) {
                continue;
            }
            List<Row> rows = new ArrayList<>();
            int j = i + 2;
            for (; j < lines.size() && isRow(lines.get(j)); j++) {
                rows.add(new Row(j + 1, cells(lines.get(j))));
            }
            tables.add(new Table(i + 1, cells(line), rows));
            i = j - 1;
        }
        return tables;
    }

    private static boolean isRow(String line) {
        return line.strip().startsWith("|");
    }

    /** The stripped cells of a row; {@code \|} is a pipe inside a cell, not a separator. */
    static List<String> cells(String row) {
        String s = row.strip();
        if (s.startsWith("|")) {
            s = s.substring(1);
        }
        if (s.endsWith("|") && !s.endsWith("\\|")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length() && s.charAt(k + 1) == '|') {
                cell.append('|');
                k++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
