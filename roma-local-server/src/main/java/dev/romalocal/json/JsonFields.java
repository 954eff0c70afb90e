package dev.romalocal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.error.InvalidParameterException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict, typed reads from a JSON object: a number sent as a string, a string sent as a number, a fraction where an
 * integer belongs, or a field nobody asked for are all {@link InvalidParameterException}s naming the field (with
 * its dotted path). A JSON {@code null} reads as absent.
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String prefix;

    private JsonFields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Reads {@code value} as an object, or fails naming {@code path} (empty for the whole body). */
    public static JsonFields of(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            throw new InvalidParameterException(path.isEmpty() ? "body" : path, "must be a JSON object");
        }
        return new JsonFields((ObjectNode) value, path.isEmpty() ? "" : path + ".");
    }

    public String path(String field) {
        return prefix + field;
    }

    /** Fails on the first field not in {@code allowed}. */
    public JsonFields only(Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidParameterException(path(name), "unknown field");
            }
        }
        return this;
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public JsonNode raw(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    public String string(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidParameterException(path(field), "must be a string");
        }
        return v.textValue();
    }

    public String requiredString(String field) {
        String v = string(field);
        if (v == null || v.isEmpty()) {
            throw new InvalidParameterException(path(field), "is required");
        }
        return v;
    }

    public Integer integer(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidParameterException(path(field), "must be an integer");
        }
        return v.intValue();
    }

    public Integer integer(String field, int min, int max) {
        Integer v = integer(field);
        if (v != null && (v < min || v > max)) {
            throw new InvalidParameterException(path(field), "must be an integer from " + min + " to " + max);
        }
        return v;
    }

    public Long longValue(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidParameterException(path(field), "must be an integer");
        }
        return v.longValue();
    }

    /** Any JSON number (integer or fraction) within [min, max]. */
    public Double number(String field, double min, double max) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.doubleValue() < min || v.doubleValue() > max) {
            throw new InvalidParameterException(path(field), "must be a number from " + min + " to " + max);
        }
        return v.doubleValue();
    }

    public Boolean bool(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new InvalidParameterException(path(field), "must be true or false");
        }
        return v.booleanValue();
    }

    public List<String> stringList(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidParameterException(path(field), "must be an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new InvalidParameterException(path(field), "must be an array of strings");
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }

    public JsonFields object(String field) {
        JsonNode v = raw(field);
        return v == null ? null : of(v, path(field));
    }

    public List<JsonFields> objectList(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw new InvalidParameterException(path(field), "must be an array of objects");
        }
        List<JsonFields> out = new ArrayList<>(v.size());
        int i = 0;
        for (JsonNode item : v) {
            out.add(of(item, path(field) + "[" + i++ + "]"));
        }
        return out;
    }
}
