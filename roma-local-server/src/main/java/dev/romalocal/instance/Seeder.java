package dev.romalocal.instance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.InvalidParameterException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Applies seed documents: a JSON or YAML list of APIC-detail documents, each with its {@code project_id} and
 * {@code id}, upserted exactly as {@code PUT /_roma_local/projects/{project_id}/instances/{id}} would. Lists are
 * read as streams, twice: the first pass validates every document (a bad one fails the whole list, naming it, and
 * nothing is written), the second writes them all in one transaction, so a conflict anywhere (an id another project
 * uses, ...) also leaves the store as it was. Memory stays bounded whatever the list's length: documents are read,
 * written and forgotten one at a time.
 */
public final class Seeder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seed files are streamed: SnakeYAML's default limit of 3 MiB per document would refuse a long list. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(yamlOptions()).build());

    /** Opens the list again for each pass. */
    @FunctionalInterface
    private interface Source {
        JsonParser open() throws IOException;
    }

    private final InstanceService instances;

    private static org.yaml.snakeyaml.LoaderOptions yamlOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(Integer.MAX_VALUE);
        return o;
    }

    public Seeder(InstanceService instances) {
        this.instances = instances;
    }

    /** A seed file (JSON or YAML; YAML is a superset of JSON); a bad file is a {@link SeedException}. */
    public int apply(Path file, String userId) {
        try {
            return apply(() -> YAML.getFactory().createParser(file.toFile()), userId);
        } catch (InvalidParameterException e) {
            throw new SeedException(file + " " + e.parameter() + ": " + e.reason());
        } catch (ApiException e) {
            throw new SeedException(file + ": " + e.errorMessage());
        } catch (UncheckedIOException e) {
            throw new SeedException(file + ": cannot read: " + e.getCause().getMessage());
        }
    }

    /** The body of {@code POST /_roma_local/seed}: a bad document is an {@link InvalidParameterException}. */
    public int apply(byte[] body, String userId) {
        JsonFactory f = JSON.getFactory();
        return apply(() -> f.createParser(body), userId);
    }

    /**
     * The body of {@code POST /_roma_local/seed}, spooled to a file (JSON): a bad document is an
     * {@link InvalidParameterException}; a file that cannot be read is an {@link UncheckedIOException}.
     */
    public int applyBody(Path spooledJsonBody, String userId) {
        JsonFactory f = JSON.getFactory();
        return apply(() -> f.createParser(spooledJsonBody.toFile()), userId);
    }

    private int apply(Source source, String userId) {
        int n = each(source, (i, doc) -> {
            try {
                InstanceDocument.parse(doc);
                Rules.instanceId("id", doc.get("id").textValue());
                Rules.projectId("project_id", doc.get("project_id").textValue());
            } catch (InvalidParameterException e) {
                throw new InvalidParameterException("entry[" + i + "]." + e.parameter(), e.reason());
            }
        });
        int written = instances.upsertAll(each -> each(source, (i, doc) -> each.accept(
                new InstanceService.Upsert(doc.get("project_id").textValue(), doc.get("id").textValue(), doc))),
                userId);
        if (written != n) {
            throw new IllegalStateException("the seed list changed while it was applied");
        }
        return n;
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(int index, JsonNode doc);
    }

    /** Visits each document of the list; returns how many there were. */
    private static int each(Source source, Visitor visitor) {
        try (JsonParser p = source.open()) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidParameterException("body", "must be a list of instance documents");
            }
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() == null) {
                    throw new InvalidParameterException("body", "ends before the list does");
                }
                JsonNode doc = p.readValueAsTree();
                if (doc == null || !doc.isObject() || !doc.path("project_id").isTextual()
                        || !doc.path("id").isTextual()) {
                    throw new InvalidParameterException("entry[" + i + "]", "needs a string project_id and id");
                }
                visitor.visit(i++, doc);
            }
            return i;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidParameterException("body", "is not valid JSON or YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seed file that cannot be applied; the message says which entry and why. */
    public static final class SeedException extends RuntimeException {
        public SeedException(String message) {
            super(message);
        }
    }
}
