package dev.romalocal.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The two shared Jackson mappers: one for the wire (views, requests), one for the stored aggregate documents. */
public final class Json {
    /**
     * What a request body may hold, checked while it is parsed (over a limit: a 400 parameter error): nesting
     * deeper than any document of the API needs, a string or a number longer than any field takes.
     */
    public static final StreamReadConstraints REQUEST_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64).maxStringLength(64 << 10).maxNumberLength(64).maxNameLength(1024).build();

    /** Wire mapper: names come from the view records' annotations; nulls are omitted. */
    public static final ObjectMapper WIRE = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(REQUEST_LIMITS).build())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Storage mapper: snake_case documents, tolerant of fields added by later versions. */
    public static final ObjectMapper STORAGE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static byte[] wireBytes(Object value) {
        try {
            return WIRE.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String storageString(Object value) {
        try {
            return STORAGE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T fromStorage(String json, Class<T> type) {
        try {
            return STORAGE.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored document for " + type.getSimpleName(), e);
        }
    }
}
