package dev.romalocal.api;

import io.vertx.core.http.HttpMethod;

/** One entry of the route table: method and path template, the family its errors belong to, and who may call. */
record Route(HttpMethod method, String path, ErrorFamily family, Access access, Endpoint endpoint,
             Fast fast) {

    Route(HttpMethod method, String path, ErrorFamily family, Access access, Endpoint endpoint) {
        this(method, path, family, access, endpoint, null);
    }

    /**
     * The same endpoint answered from memory on the event loop: a reply, or null when it needs the store (then
     * the {@link Endpoint} runs on a worker). Never blocks.
     */
    @FunctionalInterface
    interface Fast {
        Reply handle(Call call);
    }

    /** Who may call a route. */
    enum Access {
        /** Anyone (health, token creation: the body carries the password). */
        PUBLIC,
        /** Any valid credentials. */
        AUTHENTICATED,
        /** Credentials allowed on the path's {@code project_id}. */
        PROJECT,
        /** The account's administrators (the emulator's control API). */
        ADMIN
    }

    /** An endpoint: runs on a worker thread, may block, throws catalogue exceptions. */
    @FunctionalInterface
    interface Endpoint {
        Reply handle(Call call) throws Exception;
    }

    /** The path template as a regular expression, to tell 404 from 405. */
    java.util.regex.Pattern pattern() {
        return java.util.regex.Pattern.compile("^" + path.replaceAll(":[a-z_]+", "[^/]+") + "/?$");
    }
}
