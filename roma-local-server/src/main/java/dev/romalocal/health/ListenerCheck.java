package dev.romalocal.health;

import dev.romalocal.instance.Instance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the live health checks do for one listener, from the instance's own settings (API page, Tables 5-7): which
 * addresses, which port, which protocol, how often, how long a probe may take and how many consecutive failures
 * make a backend unhealthy. Missing settings take the defaults below; a listener that cannot be probed says why
 * ({@link #notProbed}).
 *
 * @param index      the listener's place in the instance's list
 * @param checkPort  {@code health_check.port}, else {@code backend.port}, else the listener's {@code port}
 * @param notProbed  null when the listener is probed; else why not
 */
record ListenerCheck(int index, String name, Integer listenerPort, Integer ipVersion, String protocol, Integer checkPort,
                     int unhealthy, int timeoutSeconds, int intervalSeconds, List<String> ips, String notProbed) {
    static final String TCP = "TCP_CHECK";
    static final String HTTP = "HTTP_GET";
    static final int DEFAULT_UNHEALTHY = 3;
    static final int DEFAULT_TIMEOUT_SECONDS = 3;
    static final int DEFAULT_INTERVAL_SECONDS = 5;

    boolean probed() {
        return notProbed == null;
    }

    /** The checks of every listener of the instance that has a health check (in list order). */
    static List<ListenerCheck> of(Instance instance) {
        List<ListenerCheck> out = new ArrayList<>();
        List<Instance.Listener> listeners = instance.listeners() == null ? List.of() : instance.listeners();
        for (int i = 0; i < listeners.size(); i++) {
            Instance.Listener l = listeners.get(i);
            Instance.Backend b = l.backend();
            if (b == null || b.healthCheck() == null) {
                continue;
            }
            Instance.HealthCheck hc = b.healthCheck();
            String protocol = hc.protocol() == null ? TCP : hc.protocol();
            Integer port = hc.port() != null ? hc.port() : b.port() != null ? b.port() : l.port();
            List<String> ips = b.ip() == null ? List.of() : b.ip();
            String notProbed = null;
            if (!protocol.equals(TCP) && !protocol.equals(HTTP)) {
                notProbed = protocol + " is not probed (TCP_CHECK and HTTP_GET are)";
            } else if (port == null) {
                notProbed = "no port: neither health_check.port, backend.port nor the listener's port is set";
            } else if (ips.isEmpty()) {
                notProbed = "no backend addresses";
            }
            out.add(new ListenerCheck(i, l.name(), l.port(), l.ipVersion(), protocol, port,
                    hc.unhealthy() == null ? DEFAULT_UNHEALTHY : hc.unhealthy(),
                    hc.timeout() == null ? DEFAULT_TIMEOUT_SECONDS : hc.timeout(),
                    hc.interval() == null ? DEFAULT_INTERVAL_SECONDS : hc.interval(), List.copyOf(ips), notProbed));
        }
        return out;
    }

    /** How the listener is named in history entries and errors: its name, else its place. */
    String label() {
        return name != null ? "'" + name + "'" : "#" + index;
    }

    /** The same backends probed the same way (a probe's state carries over a reload). */
    boolean sameProbesAs(ListenerCheck o) {
        return index == o.index && protocol.equals(o.protocol) && java.util.Objects.equals(checkPort, o.checkPort)
                && intervalSeconds == o.intervalSeconds && ips.equals(o.ips);
    }
}
