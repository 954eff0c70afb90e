package dev.romalocal.json;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of a route that needs none but may be sent one (the SDK's grant PUTs may send {@code {}}): whatever is
 * sent, within the route's limit, is ignored, never read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("No body is needed; whatever is sent is ignored.")
public record NoBody() {
}
