package dev.romalocal.instance;

import com.fasterxml.jackson.annotation.JsonClassDescription;

import static dev.romalocal.instance.Rule.DESCRIPTION;
import static dev.romalocal.instance.Rule.NAME;
import static dev.romalocal.instance.Rule.REF_ID;

/**
 * The body of {@code PUT /v2/{project_id}/apic/instances/{instance_id}} (extension, modeled on APIG's
 * UpdateInstanceV2): what it gives changes, the rest stays. A maintenance window may be given by its begin alone.
 */
@MaintenanceWindow(beginAlone = true)
@JsonClassDescription("What the body gives changes, the rest stays. " + MaintenanceWindow.ABOUT
        + " maintain_begin may also come alone: maintain_end is then four hours later.")
public record InstanceUpdate(@Is(NAME) String instanceName,
                             @Is(DESCRIPTION) String description,
                             String maintainBegin,
                             String maintainEnd,
                             @Is(REF_ID) String securityGroupId) implements MaintenanceWindow.Fields {
}
