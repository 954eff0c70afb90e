package dev.romalocal.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Bind}: strict types, paths and reasons of refusals, their order, unknown fields. */
class BindTest {
    record Inner(@Range(min = 1, max = 5) Integer n, String s) {
    }

    record Outer(@NotEmpty String name, @OneOf({"a", "b"}) String pick, Boolean flag, Double num, Long big,
                 @OneOf({"4", "6"}) Integer version, List<String> tags, List<@Valid Inner> inners,
                 @Valid Inner inner, @Size(min = 2, max = 3) String last) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lenient(@NotNull String a) {
    }

    /** A rule answering a catalogue code of its own, as IAM's user rules do. */
    enum Coded implements Bind.Coded {
        TAKEN;

        @Override
        public ErrorCode code() {
            return ErrorCode.IAM_USER_NAME_INVALID;
        }
    }

    @Constraint(validatedBy = CodedRule.Check.class)
    @Target({ElementType.FIELD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface CodedRule {
        Coded value() default Coded.TAKEN;

        String message() default "not x";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        final class Check implements ConstraintValidator<CodedRule, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || value.equals("x");
            }
        }
    }

    record WithRules(@Size(min = 1, message = "must not be empty") @CodedRule String first,
                     @CodedRule @Size(min = 1, message = "must not be empty") String second,
                     @Text(max = 3) String text, @Text(max = 3, blank = false) String name) {
    }

    @AnyOf(value = {"id", "name"}, message = "give the id or name")
    record Ref(String id, String name) {
    }

    record Refs(@Valid Ref ref) {
    }

    static JsonNode node(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InvalidParameterException refusal(String json, Class<? extends Record> type) {
        try {
            Bind.body(node(json), type);
        } catch (InvalidParameterException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void bindsAndReadsNullAsAbsent() {
        Outer o = Bind.body(node("""
                {"name": "x", "pick": "b", "flag": true, "num": 2, "big": 9007199254740993, "version": 6,
                 "tags": ["t"], "inners": [{"n": 1, "s": "s"}], "inner": null, "last": "ab"}"""), Outer.class);
        assertThat(o.name()).isEqualTo("x");
        assertThat(o.num()).isEqualTo(2.0);
        assertThat(o.big()).isEqualTo(9007199254740993L);
        assertThat(o.inners()).containsExactly(new Inner(1, "s"));
        assertThat(o.inner()).isNull();
    }

    /** Each refusal names the field by its JSON path, with the reason the hand-written checks gave. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            []                                        | body            | must be a JSON object
            5                                         | body            | must be a JSON object
            {"name": 5}                               | name            | must be a string
            {"name": "x", "flag": "true"}             | flag            | must be true or false
            {"name": "x", "flag": 1}                  | flag            | must be true or false
            {"name": "x", "num": "1.5"}               | num             | must be a number
            {"name": "x", "big": 1.0}                 | big             | must be an integer
            {"name": "x", "big": 99999999999999999999}| big             | must be an integer
            {"name": "x", "version": 4.0}             | version         | must be an integer
            {"name": "x", "version": true}            | version         | must be an integer
            {"name": "x", "version": 5}               | version         | must be 4 or 6
            {"name": "x", "pick": "c"}                | pick            | must be a or b
            {"name": "x", "tags": "a"}                | tags            | must be an array of strings
            {"name": "x", "tags": ["a", 1]}           | tags            | must be an array of strings
            {"name": "x", "tags": ["a", null]}        | tags            | must be an array of strings
            {"name": "x", "inners": {}}               | inners          | must be an array of objects
            {"name": "x", "inners": [null]}           | inners[0]       | must be a JSON object
            {"name": "x", "inners": [{}, 3]}          | inners[1]       | must be a JSON object
            {"name": "x", "inners": [{}, {"n": 9}]}   | inners[1].n     | must be an integer from 1 to 5
            {"name": "x", "inners": [{"n": "1"}]}     | inners[0].n     | must be an integer
            {"name": "x", "inners": [{"m": 1}]}       | inners[0].m     | unknown field
            {"name": "x", "inner": []}                | inner           | must be a JSON object
            {"name": "x", "inner": {"s": false}}      | inner.s         | must be a string
            {"name": "x", "extra": 1}                 | extra           | unknown field
            {"name": ""}                              | name            | is required
            {}                                        | name            | is required
            {"name": "x", "last": "a"}                | last            | must be 2 to 3 characters
            """)
    void refusalsNameTheField(String json, String parameter, String reason) {
        InvalidParameterException e = refusal(json, Outer.class);
        assertThat(e.parameter()).as(json).isEqualTo(parameter);
        assertThat(e.reason()).as(json).isEqualTo(reason);
    }

    @Test
    void typeErrorsComeFirstThenTheFieldDeclaredFirst() {
        assertThat(refusal("{\"last\": \"a\", \"pick\": \"c\"}", Outer.class).parameter()).isEqualTo("name");
        assertThat(refusal("{\"name\": \"x\", \"last\": \"a\", \"pick\": \"c\"}", Outer.class).parameter())
                .isEqualTo("pick");
        assertThat(refusal("{\"name\": \"x\", \"last\": \"a\", \"inners\": [{}, {\"n\": 0}, {\"n\": 0}]}",
                Outer.class).parameter()).isEqualTo("inners[1].n");
        assertThat(refusal("{\"pick\": \"c\", \"flag\": 0}", Outer.class).parameter())
                .as("a type error before any constraint").isEqualTo("flag");
    }

    @Test
    void unknownFieldsAreIgnoredWhereTheRecordSaysSo() {
        assertThat(Bind.body(node("{\"a\": \"x\", \"other\": [1]}"), Lenient.class).a()).isEqualTo("x");
        assertThat(refusal("{\"other\": 1}", Lenient.class).parameter()).isEqualTo("a");
    }

    @Test
    void oneOfReasons() {
        assertThat(Reasons.oneOf("a")).isEqualTo("must be a");
        assertThat(Reasons.oneOf("a", "b")).isEqualTo("must be a or b");
        assertThat(Reasons.oneOf("a", "b", "c")).isEqualTo("must be a, b or c");
        assertThat(Reasons.literal("{x} $y \\")).isEqualTo("\\{x\\} \\$y \\\\");
    }

    @Test
    void aRecordBuiltByHandIsCheckedToo() {
        assertThatThrownBy(() -> Bind.check(new Inner(0, null)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("n"));
    }

    @Test
    void aCodedConstraintAnswersItsOwnCodeWithThePathInTheReason() {
        assertThatThrownBy(() -> Bind.body(node("{\"first\": \"y\"}"), WithRules.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IAM_USER_NAME_INVALID);
                    assertThat(e.reason()).isEqualTo("first: not x");
                });
    }

    @Test
    void ofOneFieldsViolationsTheConstraintWrittenFirstIsReported() {
        for (int i = 0; i < 20; i++) {
            assertThat(refusal("{\"first\": \"\"}", WithRules.class).reason()).isEqualTo("must not be empty");
            assertThatThrownBy(() -> Bind.body(node("{\"second\": \"\"}"), WithRules.class))
                    .isInstanceOf(ApiException.class);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"text": "abcd"}        | text | at most 3 characters
            {"text": "a\\u0007"}    | text | must not contain control characters
            {"name": "  "}          | name | must not be blank
            {"name": ""}            | name | must not be blank
            """)
    void textReasons(String json, String parameter, String reason) {
        InvalidParameterException e = refusal(json, WithRules.class);
        assertThat(e.parameter()).as(json).isEqualTo(parameter);
        assertThat(e.reason()).as(json).isEqualTo(reason);
        assertThat(Bind.body(node("{\"text\": \"  \", \"name\": \"a b\"}"), WithRules.class).name())
                .isEqualTo("a b");
    }

    @Test
    void anyOfNamesItsFirstComponentAndShowsTheAlternatives() {
        InvalidParameterException e = refusal("{\"ref\": {}}", Refs.class);
        assertThat(e.parameter()).isEqualTo("ref.id");
        assertThat(e.reason()).isEqualTo("give the id or name");
        assertThat(Bind.body(node("{\"ref\": {\"name\": \"n\"}}"), Refs.class).ref().name()).isEqualTo("n");
        assertThat(Bind.body(node("{}"), Refs.class).ref()).isNull();
        assertThat(Schema.of(Ref.class).get("anyOf"))
                .isEqualTo(List.of(Map.of("required", List.of("id")), Map.of("required", List.of("name"))));
    }
}
