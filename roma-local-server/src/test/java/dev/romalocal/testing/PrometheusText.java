package dev.romalocal.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats):
 * every line is a {@code # HELP}, a {@code # TYPE} (at most one per metric, before its samples, of a known type), a
 * comment, or a sample {@code name{label="value",...} value [timestamp]} with a valid metric name, valid label
 * names, properly escaped label values, no duplicate label names, a valid float value; a sample of a typed family
 * uses only the names the type allows (histogram: _bucket with le, _sum, _count); no sample (name and labels) twice;
 * the text ends with a newline. Anything else throws, naming the line.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The declared type of a metric family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The value of the one sample with this name and (at least) these labels; 0 when there is none. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() > 1) {
            throw new AssertionError("more than one sample " + name + " " + List.of(labelPairs) + ": " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** Every sample with this name and (at least) these labels. */
    public List<Sample> find(String name, String... labelPairs) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
            }
            if (all) {
                out.add(s);
            }
        }
        return out;
    }

    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text does not end with a newline");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Set<String> familiesWithSamples = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length - 1; n++) {
            String line = lines[n];
            try {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    String[] parts = line.split(" ", 4);
                    if (parts.length >= 3 && parts[0].equals("#") && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                        String family = parts[2];
                        require(METRIC_NAME.matcher(family).matches(), "bad metric name " + family);
                        if (parts[1].equals("TYPE")) {
                            require(parts.length == 4 && TYPES.contains(parts[3]), "bad type");
                            require(types.put(family, parts[3]) == null, "a second TYPE for " + family);
                            require(!familiesWithSamples.contains(family), "TYPE after the samples of " + family);
                        } else {
                            require(helped.add(family), "a second HELP for " + family);
                            if (parts.length == 4) {
                                checkHelpEscapes(parts[3]);
                            }
                        }
                    }
                    continue;
                }
                Sample s = sample(line);
                String family = family(s.name(), types);
                familiesWithSamples.add(family);
                String type = types.get(family);
                if ("histogram".equals(type)) {
                    require(s.name().equals(family + "_bucket") || s.name().equals(family + "_sum")
                            || s.name().equals(family + "_count"), "not a histogram sample name: " + s.name());
                    require(!s.name().endsWith("_bucket") || s.labels().containsKey("le"), "a bucket without le");
                } else if ("summary".equals(type)) {
                    require(s.name().equals(family) || s.name().equals(family + "_sum")
                            || s.name().equals(family + "_count"), "not a summary sample name");
                } else if (type != null) {
                    require(s.name().equals(family), "a " + type + " sample named " + s.name());
                }
                require(seen.add(s.name() + new java.util.TreeMap<>(s.labels())), "a duplicate sample");
                samples.add(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (n + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return new PrometheusText(samples, types);
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static Sample sample(String line) {
        int i = 0;
        int len = line.length();
        while (i < len && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(METRIC_NAME.matcher(name).matches(), "bad metric name '" + name + "'");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < len && line.charAt(i) == '{') {
            i++;
            while (true) {
                require(i < len, "unterminated labels");
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int start = i;
                while (i < len && line.charAt(i) != '=') {
                    i++;
                }
                String label = line.substring(start, i);
                require(LABEL_NAME.matcher(label).matches(), "bad label name '" + label + "'");
                require(i + 1 < len && line.charAt(i + 1) == '"', "a label value must be quoted");
                i += 2;
                StringBuilder value = new StringBuilder();
                while (true) {
                    require(i < len, "unterminated label value");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(i < len, "a dangling escape");
                        char e = line.charAt(i++);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException("bad escape \\" + e);
                        }
                    } else {
                        value.append(c);
                    }
                }
                require(labels.put(label, value.toString()) == null, "label " + label + " twice");
                require(i < len, "unterminated labels");
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', "expected , or } after a label");
                }
            }
        }
        require(i < len && line.charAt(i) == ' ', "expected a space before the value");
        String[] rest = line.substring(i + 1).split(" ", -1);
        require(rest.length == 1 || rest.length == 2, "expected a value and an optional timestamp");
        double value = value(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, labels, value);
    }

    private static double value(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                require(v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"), "bad value '" + v + "'");
                yield Double.parseDouble(v);
            }
        };
    }

    private static void checkHelpEscapes(String help) {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\') {
                require(i + 1 < help.length() && (help.charAt(i + 1) == '\\' || help.charAt(i + 1) == 'n'),
                        "bad escape in HELP");
                i++;
            }
        }
    }

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new IllegalArgumentException(why);
        }
    }
}
