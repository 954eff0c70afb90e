package dev.romalocal.json;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a request body, generated from the record {@link Bind}
 * binds it to: property names as bound, types, which fields are required, and what the constraints say (ranges,
 * lengths, patterns, the values of {@link OneOf}, {@link Text}'s limits, {@link AnyOf}'s alternatives, a
 * {@link Hint}'s pattern and reason, a {@code @Null}'s reason). Unknown fields are refused unless the
 * record ignores them ({@code additionalProperties}). What no constraint says (a rule across fields, a value read as
 * absent) comes from the record's {@code @JsonClassDescription} and its components' {@code @JsonPropertyDescription}.
 */
public final class Schema {
    /** A constraint's value that can describe itself in a schema (a pattern, a reason). */
    public interface Hint {
        void describe(Map<String, Object> schema);
    }

    private Schema() {
    }

    /** The schema of a body bound to {@code type}: a record, or an array of records. */
    public static Map<String, Object> of(Class<?> type) {
        return of(type, List.of());
    }

    private static Map<String, Object> of(Class<?> raw, List<Annotation> constraints) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (raw.isArray()) {
            s.put("type", "array");
            s.put("items", of(raw.getComponentType(), List.of()));
        } else if (raw.isRecord()) {
            object(raw, s);
        } else {
            s.put("type", Bind.jsonType(raw));
            if (raw == Long.class || raw == long.class) {
                s.put("format", "int64");
            }
        }
        constrain(raw, constraints, s);
        return s;
    }

    private static void object(Class<?> record, Map<String, Object> s) {
        s.put("type", "object");
        JsonClassDescription about = record.getAnnotation(JsonClassDescription.class);
        if (about != null) {
            s.put("description", about.value());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        Bind.Components c = Bind.COMPONENTS.get(record);
        for (int i = 0; i < c.all().size(); i++) {
            RecordComponent rc = c.all().get(i);
            List<Annotation> annotations = List.of(rc.getAnnotatedType().getAnnotations());
            Map<String, Object> property = of(rc.getAnnotatedType(), annotations);
            describe(record, rc, property);
            properties.put(c.jsonNames().get(i), property);
            if (annotations.stream().anyMatch(a -> a instanceof NotNull || a instanceof NotEmpty
                    || a instanceof NotBlank)) {
                required.add(c.jsonNames().get(i));
            }
        }
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        AnyOf anyOf = record.getAnnotation(AnyOf.class);
        if (anyOf != null) {
            s.put("anyOf", List.of(anyOf.value()).stream().map(f -> Map.of("required", List.of(f))).toList());
        }
        JsonIgnoreProperties ignore = record.getAnnotation(JsonIgnoreProperties.class);
        s.put("additionalProperties", ignore != null && ignore.ignoreUnknown());
    }

    /** A component's {@code @JsonPropertyDescription}, before what its constraints say. */
    private static void describe(Class<?> record, RecordComponent rc, Map<String, Object> property) {
        try {
            JsonPropertyDescription d = record.getDeclaredField(rc.getName())
                    .getAnnotation(JsonPropertyDescription.class);
            if (d != null) {
                Object rule = property.get("description");
                property.put("description", rule == null ? d.value() : d.value() + "; " + rule);
            }
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> of(AnnotatedType type, List<Annotation> constraints) {
        Class<?> raw = Bind.raw(type.getType());
        if (raw != null && Collection.class.isAssignableFrom(raw) && type instanceof AnnotatedParameterizedType p) {
            AnnotatedType element = p.getAnnotatedActualTypeArguments()[0];
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "array");
            s.put("items", of(element, List.of(element.getAnnotations())));
            constrain(raw, constraints, s);
            return s;
        }
        if (type instanceof AnnotatedArrayType a) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "array");
            s.put("items", of(a.getAnnotatedGenericComponentType(), List.of()));
            return s;
        }
        return of(raw == null ? Object.class : raw, constraints);
    }

    /** What the constraints say, in schema words. */
    private static void constrain(Class<?> raw, List<Annotation> constraints, Map<String, Object> s) {
        boolean text = raw == String.class;
        for (Annotation a : constraints) {
            if (a instanceof NotEmpty || a instanceof NotBlank) {
                s.put(text ? "minLength" : "minItems", 1);
            } else if (a instanceof Range r) {
                s.put("minimum", r.min());
                s.put("maximum", r.max());
            } else if (a instanceof Min m) {
                s.put("minimum", m.value());
            } else if (a instanceof Max m) {
                s.put("maximum", m.value());
            } else if (a instanceof Size z) {
                if (z.min() > 0) {
                    s.put(text ? "minLength" : "minItems", z.min());
                }
                if (z.max() != Integer.MAX_VALUE) {
                    s.put(text ? "maxLength" : "maxItems", z.max());
                }
            } else if (a instanceof OneOf o) {
                s.put("enum", text ? List.of(o.value())
                        : List.of(o.value()).stream().map(Long::parseLong).toList());
            } else if (a instanceof Pattern p) {
                s.put("pattern", "^(?:" + p.regexp() + ")$");
                if (!p.message().startsWith("{")) {
                    s.put("description", p.message());
                }
            } else if (a instanceof Text t) {
                s.put("maxLength", t.max());
                s.put("description", t.blank() ? "no control characters" : "not blank, no control characters");
            } else if (a instanceof Null n) {
                s.put("description", "refused: " + n.message());
            } else if (Bind.constraintValue(a) instanceof Hint h) {
                h.describe(s);
            }
        }
    }
}
