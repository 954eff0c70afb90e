package dev.romalocal.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.InvalidParameterException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Applies a seed file: a JSON or YAML list of APIC-detail documents, each with its {@code project_id} and
 * {@code id}, upserted exactly as {@code PUT /_roma_local/projects/{project_id}/instances/{id}} would.
 */
public final class Seeder {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final InstanceService instances;

    public Seeder(InstanceService instances) {
        this.instances = instances;
    }

    /** @return how many instances were upserted */
    public int apply(Path file, String userId) {
        JsonNode root;
        try {
            // YAML is a superset of JSON: one parser reads both.
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new SeedException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new SeedException(file + ": must be a list of instance documents");
        }
        int n = 0;
        for (JsonNode doc : root) {
            String where = file + " entry " + n;
            if (!doc.isObject() || !doc.path("project_id").isTextual() || !doc.path("id").isTextual()) {
                throw new SeedException(where + ": each entry needs a string project_id and id");
            }
            try {
                instances.upsert(doc.get("project_id").textValue(), doc.get("id").textValue(), doc, userId);
            } catch (InvalidParameterException e) {
                throw new SeedException(where + ": " + e.parameter() + " " + e.reason());
            } catch (ApiException e) {
                throw new SeedException(where + ": " + e.errorMessage());
            }
            n++;
        }
        return n;
    }

    /** A seed file that cannot be applied; the message says which entry and why. */
    public static final class SeedException extends RuntimeException {
        public SeedException(String message) {
            super(message);
        }
    }
}
