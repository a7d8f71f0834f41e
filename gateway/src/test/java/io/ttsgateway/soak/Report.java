package io.ttsgateway.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The run's figures, its one table of checks, and the details behind them (in the run directory). */
final class Report {

    /** One check: what was expected, what was measured, and whether it held ({@code info} rows never fail). */
    record Row(String check, String expected, String measured, String result) {}

    private final List<String> figures = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void figure(String line) {
        figures.add(line);
    }

    void check(String check, String expected, String measured, boolean ok) {
        rows.add(new Row(check, expected, measured, ok ? "ok" : "FAIL"));
    }

    void info(String check, String expected, String measured) {
        rows.add(new Row(check, expected, measured, "info"));
    }

    /** Printed under the table, wrapped. */
    void note(String text) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > 118) {
                notes.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        notes.add(line.toString());
    }

    void detail(String line) {
        details.add(line);
    }

    boolean failed() {
        return rows.stream().anyMatch(r -> r.result().equals("FAIL"));
    }

    void print(PrintStream out, Path file) {
        List<String> text = new ArrayList<>(figures);
        text.add("");
        text.addAll(table());
        text.add("");
        text.addAll(notes);
        text.add("");
        text.add(failed() ? "soak: FAILED (details: " + file + ")" : "soak: passed (details: " + file + ")");
        text.forEach(out::println);
        List<String> all = new ArrayList<>(text);
        all.add("");
        all.add("details");
        all.addAll(details);
        try {
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> table() {
        int[] width = {5, 8, 8, 6};
        for (Row row : rows) {
            width[0] = Math.max(width[0], row.check().length());
            width[1] = Math.max(width[1], row.expected().length());
            width[2] = Math.max(width[2], row.measured().length());
        }
        String format = "%-" + width[0] + "s | %-" + width[1] + "s | %-" + width[2] + "s | %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(format, "check", "expected", "measured", "result"));
        lines.add("-".repeat(width[0]) + "-+-" + "-".repeat(width[1]) + "-+-" + "-".repeat(width[2]) + "-+-------");
        rows.forEach(r -> lines.add(String.format(format, r.check(), r.expected(), r.measured(), r.result())));
        return lines;
    }
}
