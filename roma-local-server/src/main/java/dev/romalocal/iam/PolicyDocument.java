package dev.romalocal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A policy in IAM's policy language: {@code {"Version": "1.1", "Statement": [{"Effect": "Allow" | "Deny",
 * "Action": ["roma:instances:get", ...]}]}}. Actions are {@code service:resource:verb}; each part may use {@code *}
 * as a wildcard ({@code roma:*:*}, {@code roma:instances:get*}). Conditions and resource limits are refused rather
 * than ignored: ignoring them would grant more than the policy says.
 */
public record PolicyDocument(String version, List<Statement> statements) {
    /** At most this many statements, and actions per statement (IAM's own limits are in the same range). */
    static final int MAX_STATEMENTS = 64;
    static final int MAX_ACTIONS = 256;
    private static final Pattern ACTION = Pattern.compile("[a-zA-Z0-9*]{1,64}:[a-zA-Z0-9*]{1,64}:[a-zA-Z0-9*]{1,64}");

    /** One statement: whether it allows or denies, and the action patterns it covers. */
    public record Statement(boolean allow, List<String> actions) {
        boolean covers(String action) {
            for (String pattern : actions) {
                if (matches(pattern, action)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Parses and validates a policy given as JSON text; {@code parameter} names it in errors. */
    public static PolicyDocument parse(String json, String parameter) {
        JsonNode node;
        try {
            node = Json.WIRE.readTree(json);
        } catch (Exception e) {
            throw new InvalidParameterException(parameter, "the policy is not valid JSON");
        }
        return parse(node, parameter);
    }

    /** Validates a policy given as a JSON object; {@code parameter} names it in errors. */
    public static PolicyDocument parse(JsonNode node, String parameter) {
        if (node == null || !node.isObject()) {
            throw new InvalidParameterException(parameter, "the policy must be an object");
        }
        var fields = node.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!f.equals("Version") && !f.equals("Statement")) {
                throw new InvalidParameterException(parameter + "." + f, "unknown policy field");
            }
        }
        JsonNode version = node.get("Version");
        if (version == null || !version.isTextual() || !version.asText().equals("1.1")) {
            throw new InvalidParameterException(parameter + ".Version", "must be \"1.1\"");
        }
        JsonNode statements = node.get("Statement");
        if (statements == null || !statements.isArray() || statements.isEmpty()) {
            throw new InvalidParameterException(parameter + ".Statement", "must be a non-empty array");
        }
        if (statements.size() > MAX_STATEMENTS) {
            throw new InvalidParameterException(parameter + ".Statement", "at most " + MAX_STATEMENTS
                    + " statements");
        }
        List<Statement> parsed = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            parsed.add(statement(statements.get(i), parameter + ".Statement[" + i + "]"));
        }
        return new PolicyDocument("1.1", List.copyOf(parsed));
    }

    private static Statement statement(JsonNode s, String at) {
        if (!s.isObject()) {
            throw new InvalidParameterException(at, "a statement must be an object");
        }
        var fields = s.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (f.equals("Condition") || f.equals("Resource")) {
                throw new InvalidParameterException(at + "." + f,
                        "conditions and resource limits are not supported by ROMA Local");
            }
            if (!f.equals("Effect") && !f.equals("Action")) {
                throw new InvalidParameterException(at + "." + f, "unknown statement field");
            }
        }
        JsonNode effect = s.get("Effect");
        if (effect == null || !effect.isTextual()
                || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw new InvalidParameterException(at + ".Effect", "must be \"Allow\" or \"Deny\"");
        }
        JsonNode actions = s.get("Action");
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw new InvalidParameterException(at + ".Action", "must be a non-empty array of actions");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw new InvalidParameterException(at + ".Action", "at most " + MAX_ACTIONS + " actions");
        }
        List<String> list = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            JsonNode a = actions.get(i);
            if (!a.isTextual() || !ACTION.matcher(a.asText()).matches()) {
                throw new InvalidParameterException(at + ".Action[" + i + "]",
                        "an action is service:resource:verb, each part letters, digits or *");
            }
            list.add(a.asText().toLowerCase(Locale.ROOT));
        }
        return new Statement(effect.asText().equals("Allow"), List.copyOf(list));
    }

    /** The policy as JSON, in the shape it was given. */
    public JsonNode toJson() {
        var root = Json.WIRE.createObjectNode();
        root.put("Version", version);
        var array = root.putArray("Statement");
        for (Statement s : statements) {
            var o = array.addObject();
            o.put("Effect", s.allow() ? "Allow" : "Deny");
            var a = o.putArray("Action");
            s.actions().forEach(a::add);
        }
        return root;
    }

    /** Whether a pattern ({@code *} matches any run of characters within a part) matches an action. */
    static boolean matches(String pattern, String action) {
        return glob(pattern, 0, action.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; ; k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                    if (k >= s.length() || s.charAt(k) == ':') {
                        return false;
                    }
                }
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
