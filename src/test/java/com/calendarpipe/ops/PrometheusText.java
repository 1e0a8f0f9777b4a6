package com.calendarpipe.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 (prometheus.io/docs/instrumenting/
 * exposition_formats): it fails on anything a Prometheus server would reject or misread, namely
 * a malformed line, name, label or value, a sample before its family's TYPE, a TYPE given twice,
 * a series given twice, and histograms whose buckets are not cumulative or do not end in
 * {@code le="+Inf"} equal to {@code _count}.
 */
public record PrometheusText(Map<String, String> types, List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (\\S+)( .*)?");
    private static final Set<String> SUFFIXES = Set.of("_bucket", "_count", "_sum", "_total", "_created", "_max");

    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    name(type.group(1), number);
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw fail(number, "TYPE given twice for " + type.group(1));
                    }
                } else if (HELP.matcher(line).matches()) {
                    name(HELP.matcher(line).replaceFirst("$1"), number);
                } else if (line.startsWith("# TYPE") || line.startsWith("# HELP")) {
                    throw fail(number, "malformed " + line);
                }
                continue;   // other comments are allowed
            }
            Sample sample = sample(line, number);
            if (family(sample.name(), types) == null) {
                throw fail(number, "sample of " + sample.name() + " before (or without) its TYPE");
            }
            if (!series.add(sample.name() + new TreeMap<>(sample.labels()))) {
                throw fail(number, "series given twice: " + line);
            }
            samples.add(sample);
        }
        PrometheusText parsed = new PrometheusText(types, samples);
        parsed.checkHistograms();
        return parsed;
    }

    /** The sum of the values of every series of {@code name} whose labels include {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    boolean has(String name, Map<String, String> labels) {
        return samples.stream()
                .anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : SUFFIXES) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    private static Sample sample(String line, int number) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = name(line.substring(0, i), number);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw fail(number, "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw fail(number, "bad label name '" + label + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw fail(number, "label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        switch (escaped) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw fail(number, "bad escape \\" + escaped);
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (j >= line.length()) {
                    throw fail(number, "unterminated label value");
                }
                if (labels.put(label, value.toString()) != null) {
                    throw fail(number, "label given twice: " + label);
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw fail(number, "expected ',' or '}' after a label");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw fail(number, "no value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2) {
            throw fail(number, "trailing text: " + line);
        }
        if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
            throw fail(number, "bad timestamp: " + rest[1]);
        }
        return new Sample(name, labels, value(rest[0], number));
    }

    private static double value(String text, int number) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw fail(number, "bad value '" + text + "'");
                }
                return Double.parseDouble(text);
        }
    }

    private static String name(String name, int number) {
        if (!NAME.matcher(name).matches()) {
            throw fail(number, "bad metric name '" + name + "'");
        }
        return name;
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> series = new TreeMap<>(s.labels());
                    if (series.remove("le") == null) {
                        throw new IllegalArgumentException(family + "_bucket without le");
                    }
                    buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                }
            }
            buckets.forEach((series, list) -> {
                list.sort((a, b) -> Double.compare(value(a.labels().get("le"), 0), value(b.labels().get("le"), 0)));
                for (int k = 1; k < list.size(); k++) {
                    if (list.get(k).value() < list.get(k - 1).value()) {
                        throw new IllegalArgumentException(family + " buckets not cumulative for " + series);
                    }
                }
                Sample last = list.get(list.size() - 1);
                if (!"+Inf".equals(last.labels().get("le"))) {
                    throw new IllegalArgumentException(family + " has no +Inf bucket for " + series);
                }
                double count = samples.stream().filter(s -> s.name().equals(family + "_count")
                        && new TreeMap<>(s.labels()).equals(series)).mapToDouble(Sample::value).sum();
                if (count != last.value()) {
                    throw new IllegalArgumentException(family + "_count " + count + " != +Inf bucket " + last.value());
                }
            });
        });
    }

    private static IllegalArgumentException fail(int line, String why) {
        return new IllegalArgumentException("line " + line + ": " + why);
    }
}
