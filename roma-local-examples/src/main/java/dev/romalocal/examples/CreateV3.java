package dev.romalocal.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Creates an instance with CreateRomaInstanceV3 (not in the Java SDK 3.1.143, so plain HTTP with a token) and
 * prints its id: {@code java CreateV3 [endpoint]}. The instance starts in Creating and reaches Running as the
 * lifecycle moves on.
 */
public class CreateV3 {
    static final String PROJECT_ID = "0123456789abcdef0123456789abcdef";

    public static void main(String[] args) throws IOException, InterruptedException {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:9090";
        System.out.println(create(endpoint, "payments"));
    }

    public static String create(String endpoint, String name) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        // 1. A token for the built-in admin user, scoped to the built-in project (it comes back in a header).
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/v3/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"auth": {"identity": {"methods": ["password"], "password": {"user": {
                                     "domain": {"name": "roma-local"}, "name": "admin",
                                     "password": "roma-local-admin"}}},
                                  "scope": {"project": {"id": "%s"}}}}""".formatted(PROJECT_ID)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 201) {
            throw new IOException("token: " + token.statusCode() + " " + token.body());
        }
        // 2. The create: the required fields, a pay-per-use instance of 4 RCUs (the basic edition).
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(endpoint + "/v3/" + PROJECT_ID + "/roma/instances"))
                .header("Content-Type", "application/json")
                .header("X-Auth-Token", token.headers().firstValue("X-Subject-Token").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "%s", "description": "orders and payments",
                         "charge_type": "postPaid", "available_zone_ids": ["cn-north-4a"],
                         "cpu_arch": "x86_64", "rcu": {"total": 4},
                         "vpc_id": "vpc-1", "subnet_id": "subnet-1",
                         "maintain_begin": "22:00:00", "maintain_end": "02:00:00"}""".formatted(name)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IOException("create: " + created.statusCode() + " " + created.body());
        }
        JsonNode body = new ObjectMapper().readTree(created.body());
        return body.get("instance_id").asText();
    }
}
