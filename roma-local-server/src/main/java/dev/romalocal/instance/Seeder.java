package dev.romalocal.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.InvalidParameterException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        try {
            return apply(root, userId);
        } catch (InvalidParameterException e) {
            throw new SeedException(file + " " + e.parameter() + ": " + e.reason());
        } catch (ApiException e) {
            throw new SeedException(file + ": " + e.errorMessage());
        }
    }

    /**
     * Applies a list of documents (a parsed seed file, or the body of {@code POST /_roma_local/seed}); the whole
     * list is validated before anything is written. A bad document is an {@link InvalidParameterException} naming
     * it ({@code entry[3].status}).
     */
    public int apply(JsonNode root, String userId) {
        if (root == null || !root.isArray()) {
            throw new InvalidParameterException("body", "must be a list of instance documents");
        }
        List<InstanceService.Upsert> upserts = new ArrayList<>(root.size());
        int n = 0;
        for (JsonNode doc : root) {
            if (!doc.isObject() || !doc.path("project_id").isTextual() || !doc.path("id").isTextual()) {
                throw new InvalidParameterException("entry[" + n + "]", "needs a string project_id and id");
            }
            upserts.add(new InstanceService.Upsert(doc.get("project_id").textValue(), doc.get("id").textValue(),
                    doc));
            n++;
        }
        try {
            instances.upsertAll(upserts, userId);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException("entry[" + indexOf(upserts) + "]." + e.parameter(), e.reason());
        }
        return upserts.size();
    }

    /** Which document a validation failure came from: the first one that fails alone. */
    private static int indexOf(List<InstanceService.Upsert> upserts) {
        for (int i = 0; i < upserts.size(); i++) {
            try {
                InstanceDocument.parse(upserts.get(i).document());
                Rules.instanceId("id", upserts.get(i).instanceId());
            } catch (InvalidParameterException failed) {
                return i;
            }
        }
        return -1;
    }

    /** A seed file that cannot be applied; the message says which entry and why. */
    public static final class SeedException extends RuntimeException {
        public SeedException(String message) {
            super(message);
        }
    }
}
