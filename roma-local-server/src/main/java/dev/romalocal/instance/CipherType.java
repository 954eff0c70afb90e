package dev.romalocal.instance;

import java.util.Optional;

/** {@code cipher_type} of the APIC detail view, spelled as the API page spells it. */
public enum CipherType {
    GENERAL_CIPHER("generalCipher"), SM_COMPATIBLE("SMCompatible"), SM_ONLY("SMOnly");

    private final String wire;

    CipherType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<CipherType> fromWire(String value) {
        for (CipherType c : values()) {
            if (c.wire.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
