package dev.romalocal.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks raw JSON against an official SDK model class: every field the JSON carries must be one the model declares
 * ({@code @JsonProperty} on its fields), with the JSON type its Java type needs (String: a string; Integer, Long:
 * an integral number; Boolean: true/false; List: an array of such; OffsetDateTime: an ISO-8601 date-time string;
 * the SDK's enum classes: a string among their known values; another model: an object, checked the same way;
 * Object: anything). Deserializing with the SDK proves less: it accepts a field it does not know.
 */
public final class SdkModel {
    private SdkModel() {
    }

    /** The model's JSON properties and their Java types (including those of its superclasses). */
    public static Map<String, Type> properties(Class<?> model) {
        Map<String, Type> out = new LinkedHashMap<>();
        for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p != null) {
                    out.put(p.value(), f.getGenericType());
                }
            }
        }
        return out;
    }

    /** What is wrong with {@code json} as an instance of {@code model}; empty when nothing is. */
    public static List<String> mismatches(JsonNode json, Class<?> model) {
        List<String> out = new ArrayList<>();
        check(json, model, "$", out);
        return out;
    }

    private static void check(JsonNode json, Type type, String path, List<String> out) {
        if (json == null || json.isNull()) {
            return;
        }
        Class<?> raw = rawClass(type);
        if (raw == Object.class) {
            return;
        }
        if (raw == String.class) {
            expect(json.isTextual(), json, "a string", path, out);
        } else if (raw == Integer.class) {
            expect(json.isIntegralNumber() && json.canConvertToInt(), json, "an integer", path, out);
        } else if (raw == Long.class) {
            expect(json.isIntegralNumber() && json.canConvertToLong(), json, "a long", path, out);
        } else if (raw == Boolean.class) {
            expect(json.isBoolean(), json, "a boolean", path, out);
        } else if (raw == OffsetDateTime.class) {
            boolean ok = json.isTextual();
            if (ok) {
                try {
                    OffsetDateTime.parse(json.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                } catch (RuntimeException e) {
                    ok = false;
                }
            }
            expect(ok, json, "an ISO-8601 date-time", path, out);
        } else if (List.class.isAssignableFrom(raw)) {
            if (expect(json.isArray(), json, "an array", path, out)) {
                Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
                for (int i = 0; i < json.size(); i++) {
                    check(json.get(i), item, path + "[" + i + "]", out);
                }
            }
        } else if (raw.getSimpleName().endsWith("Enum")) {
            if (expect(json.isTextual(), json, "a string of " + raw.getSimpleName(), path, out)) {
                try {
                    raw.getMethod("valueOf", String.class).invoke(null, json.asText());
                } catch (ReflectiveOperationException e) {
                    out.add(path + ": " + json + " is not a value of " + raw.getSimpleName());
                }
            }
        } else if (raw.getName().startsWith("com.huaweicloud.")) {
            if (expect(json.isObject(), json, "an object", path, out)) {
                Map<String, Type> props = properties(raw);
                Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    Type t = props.get(f.getKey());
                    if (t == null) {
                        out.add(path + "." + f.getKey() + ": not a field of " + raw.getSimpleName());
                    } else {
                        check(f.getValue(), t, path + "." + f.getKey(), out);
                    }
                }
            }
        } else {
            out.add(path + ": no rule for " + raw.getName());
        }
    }

    /**
     * The model's properties that {@code json} does not carry, as paths ({@code $.a.b}, {@code []} for the items of
     * a list): the other direction of {@link #mismatches}. A nested model is looked into where the JSON has it; in a
     * list, a property counts as served when any item carries it (an empty list serves none of its items'). A
     * property the JSON carries as null counts as served.
     */
    public static Set<String> unserved(JsonNode json, Class<?> model) {
        return unserved(json, model, "$");
    }

    private static Set<String> unserved(JsonNode json, Type type, String path) {
        Set<String> out = new TreeSet<>();
        if (json == null || json.isNull()) {
            return out;
        }
        Class<?> raw = rawClass(type);
        if (List.class.isAssignableFrom(raw) && json.isArray()) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (json.isEmpty() && rawClass(item).getName().startsWith("com.huaweicloud.")) {
                out.add(path + "[]");
                return out;
            }
            boolean first = true;
            for (JsonNode i : json) {
                Set<String> u = unserved(i, item, path + "[]");
                if (first) {
                    out.addAll(u);
                    first = false;
                } else {
                    out.retainAll(u);
                }
            }
        } else if (raw.getName().startsWith("com.huaweicloud.") && !raw.getSimpleName().endsWith("Enum")
                && json.isObject()) {
            properties(raw).forEach((name, t) -> {
                if (json.has(name)) {
                    out.addAll(unserved(json.get(name), t, path + "." + name));
                } else {
                    out.add(path + "." + name);
                }
            });
        }
        return out;
    }

    private static boolean expect(boolean ok, JsonNode json, String what, String path, List<String> out) {
        if (!ok) {
            out.add(path + ": " + json + " is not " + what);
        }
        return ok;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
