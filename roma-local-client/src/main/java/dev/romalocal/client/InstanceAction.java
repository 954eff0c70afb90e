package dev.romalocal.client;

import java.util.Locale;

/** The actions of {@code POST /_roma_local/projects/{p}/instances/{i}/actions} (docs/api.md, "Actions"). */
public enum InstanceAction {
    RESTART, UPGRADE, FREEZE, UNFREEZE, UNHEALTHY, HEALTHY;

    /** The name on the wire: {@code restart}, {@code upgrade}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
