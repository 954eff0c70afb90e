package dev.romalocal.instance.view;

import java.util.List;

/** Offset and limit over a list already in memory. */
final class Pages {
    private Pages() {
    }

    /** The items from {@code offset} (negative: 0), at most {@code limit} of them. */
    static <T> List<T> slice(List<T> all, long offset, int limit) {
        long from = Math.max(0, offset);
        if (from >= all.size()) {
            return List.of();
        }
        return List.copyOf(all.subList((int) from, (int) Math.min(all.size(), from + limit)));
    }
}
