package dev.romalocal.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a request body into a validated record: the one way request bodies are read.
 *
 * <p>Binding is strict: JSON names are the record components' names in snake_case (or their {@code @JsonProperty});
 * a number sent as a string, a string sent as a number, a fraction where an integer belongs, a {@code null} inside a
 * list, or a field the record does not declare (unless it is annotated {@code @JsonIgnoreProperties(ignoreUnknown =
 * true)}, as the create bodies are: the real service ignores what it does not know) are refused. A JSON {@code null}
 * reads as absent. Then the record's Jakarta Bean Validation constraints are checked ({@code @NotNull},
 * {@code @Range}, {@link OneOf}, the instance rules, ...; cascading into nested records marked {@code @Valid}).
 *
 * <p>Every refusal is one {@link InvalidParameterException} naming the field by its JSON path ({@code body} for the
 * whole body, {@code listeners[0].backend.port}; a bad item of a list of strings names the list) with its reason,
 * or, for a constraint whose value is {@link Coded} (IAM's user name, email and password rules), an
 * {@link ApiException} with that code and the path and reason as its reason. Type errors come first; of several
 * constraint violations, the one of the field declared first is reported, and of one field's, "is required" first,
 * then the constraint written first.
 */
public final class Bind {
    /** The request mapper: strict types, snake_case names, the request size limits of {@link Json}. */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(Json.REQUEST_LIMITS).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setAcceptBlankAsEmpty(false)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .build();

    /**
     * A constraint's value ({@code @Follows(PASSWORD)}) whose violation answers a catalogue error of its own, with
     * the field's path and the reason in {@link ApiException#reason}, instead of the route family's parameter error.
     */
    public interface Coded {
        ErrorCode code();
    }

    private Bind() {
    }

    /** {@code body} as a validated {@code type}, or an {@link InvalidParameterException} naming what is wrong. */
    public static <T extends Record> T body(JsonNode body, Class<T> type) {
        T value;
        try {
            value = MAPPER.treeToValue(body, type);
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException("cannot bind " + type.getSimpleName(), e); // ours, not the client's
        } catch (JacksonException e) {
            throw refusal(type, e);
        }
        if (value == null) {
            throw new InvalidParameterException("body", "must be a JSON object");
        }
        check(value);
        return value;
    }

    /** Checks a record's constraints (already bound, or built by hand). */
    public static <T extends Record> T check(T value) {
        var violations = Checker.VALIDATOR.validate(value);
        if (!violations.isEmpty()) {
            Located first = violations.stream()
                    .map(v -> located(value.getClass(), v))
                    .min(Comparator.comparing(Located::order, Bind::compareOrder))
                    .orElseThrow();
            if (first.code() != null) {
                throw new ApiException(first.code()).reason(first.path() + ": " + first.reason());
            }
            throw new InvalidParameterException(first.path(), first.reason());
        }
        return value;
    }

    /** The validator is built on first use: start-up does not pay for it. */
    private static final class Checker {
        static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
    }

    // --- Jackson's refusals ----------------------------------------------------------------------------------

    private static InvalidParameterException refusal(Class<?> root, JacksonException e) {
        List<JsonMappingException.Reference> refs = e instanceof JsonMappingException m ? m.getPath() : List.of();
        if (e instanceof UnrecognizedPropertyException) {
            return new InvalidParameterException(render(refs), "unknown field");
        }
        // The type expected where the problem is; a scalar inside a list is reported as the list's problem.
        Type type = root;
        int shown = refs.size();
        for (int i = 0; i < refs.size() && type != null; i++) {
            JsonMappingException.Reference r = refs.get(i);
            Type next = r.getFieldName() != null ? componentType(type, r.getFieldName()) : elementType(type);
            if (r.getFieldName() == null && next != null && isScalar(next)) {
                shown = i;
                break;
            }
            type = next;
        }
        return new InvalidParameterException(render(refs.subList(0, shown)), expected(type));
    }

    private static String render(List<JsonMappingException.Reference> refs) {
        StringBuilder p = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                p.append(p.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                p.append('[').append(r.getIndex()).append(']');
            }
        }
        return p.isEmpty() ? "body" : p.toString();
    }

    /** What a value of this type must be, as a reason. */
    static String expected(Type type) {
        Class<?> raw = raw(type);
        if (raw == null) {
            return "has the wrong type";
        }
        return switch (jsonType(raw)) {
            case "array" -> {
                Type element = elementType(type);
                yield "must be an array of " + (element == null || !isScalar(element) ? "objects"
                        : jsonType(raw(element)) + "s");
            }
            case "boolean" -> "must be true or false";
            case "integer" -> "must be an integer";
            case "object" -> "must be a JSON object";
            default -> "must be a " + jsonType(raw);
        };
    }

    /** The JSON type a Java type binds from: string, boolean, number, integer, array or object. */
    static String jsonType(Class<?> c) {
        if (c == String.class) {
            return "string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "boolean";
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return "number";
        }
        if (Number.class.isAssignableFrom(c) || c.isPrimitive()) {
            return "integer";
        }
        return Collection.class.isAssignableFrom(c) || c.isArray() ? "array" : "object";
    }

    private static boolean isScalar(Type type) {
        Class<?> c = raw(type);
        return c != null && !jsonType(c).equals("array") && !jsonType(c).equals("object");
    }

    // --- Bean Validation's refusals --------------------------------------------------------------------------

    private record Located(String path, String reason, List<Integer> order, ErrorCode code) {
    }

    /** The violation's JSON path, and its place in declaration order (component indexes, list indexes). */
    private static Located located(Class<?> root, ConstraintViolation<?> v) {
        StringBuilder p = new StringBuilder();
        List<Integer> order = new ArrayList<>();
        Type type = root;
        RecordComponent component = null;
        for (Path.Node n : v.getPropertyPath()) {
            if (n.getKind() == ElementKind.CONTAINER_ELEMENT) {
                break; // an item of a list of scalars: the list is named
            }
            if (n.isInIterable() && n.getIndex() != null) {
                p.append('[').append(n.getIndex()).append(']');
                order.add(n.getIndex());
                type = elementType(type);
            }
            if (n.getKind() == ElementKind.PROPERTY && type != null) {
                Components c = COMPONENTS.get(raw(type));
                int i = c.indexOf(n.getName());
                p.append(p.isEmpty() ? "" : ".").append(i < 0 ? n.getName() : c.jsonNames.get(i));
                order.add(i);
                type = i < 0 ? null : c.types.get(i);
                component = i < 0 ? null : c.all().get(i);
            }
        }
        // Of two violations of one field, "is required" comes first, then the constraint written first.
        Annotation constraint = v.getConstraintDescriptor().getAnnotation();
        order.add(constraint instanceof NotNull || constraint instanceof NotEmpty ? 0 : 1);
        order.add(component == null ? 0 : List.of(component.getAnnotatedType().getAnnotations()).indexOf(constraint));
        ErrorCode code = constraintValue(constraint) instanceof Coded c ? c.code() : null;
        return new Located(p.isEmpty() ? "body" : p.toString(), v.getMessage(), order, code);
    }

    /** A constraint's {@code value()}, if it has one. */
    static Object constraintValue(Annotation a) {
        try {
            Method m = a.annotationType().getMethod("value");
            return m.invoke(a);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static int compareOrder(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    // --- records as the binder sees them ---------------------------------------------------------------------

    /** A record's components in declaration order: Java names, JSON names, generic types. */
    record Components(List<String> names, List<String> jsonNames, List<Type> types, List<RecordComponent> all) {
        int indexOf(String name) {
            return names.indexOf(name);
        }

        int indexOfJson(String jsonName) {
            return jsonNames.indexOf(jsonName);
        }
    }

    static final ClassValue<Components> COMPONENTS = new ClassValue<>() {
        @Override
        protected Components computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return new Components(List.of(), List.of(), List.of(), List.of());
            }
            Map<String, String> external = new HashMap<>();
            for (BeanPropertyDefinition d : MAPPER.getDeserializationConfig()
                    .introspect(MAPPER.constructType(type)).findProperties()) {
                external.put(d.getInternalName(), d.getName());
            }
            List<String> names = new ArrayList<>();
            List<String> json = new ArrayList<>();
            List<Type> types = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                names.add(c.getName());
                json.add(external.getOrDefault(c.getName(),
                        PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName())));
                types.add(c.getGenericType());
            }
            return new Components(List.copyOf(names), List.copyOf(json), List.copyOf(types),
                    List.of(type.getRecordComponents()));
        }
    };

    private static Type componentType(Type owner, String jsonName) {
        Class<?> raw = raw(owner);
        if (raw == null) {
            return null;
        }
        Components c = COMPONENTS.get(raw);
        int i = c.indexOfJson(jsonName);
        return i < 0 ? null : c.types.get(i);
    }

    static Type elementType(Type type) {
        if (type instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw(p))) {
            return p.getActualTypeArguments()[0];
        }
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        return null;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
