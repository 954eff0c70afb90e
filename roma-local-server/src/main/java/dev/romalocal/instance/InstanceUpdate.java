package dev.romalocal.instance;

import static dev.romalocal.instance.Rule.DESCRIPTION;
import static dev.romalocal.instance.Rule.NAME;
import static dev.romalocal.instance.Rule.REF_ID;

/**
 * The body of {@code PUT /v2/{project_id}/apic/instances/{instance_id}} (extension, modeled on APIG's
 * UpdateInstanceV2): what it gives changes, the rest stays. A maintenance window may be given by its begin alone.
 */
@MaintenanceWindow(beginAlone = true)
public record InstanceUpdate(@Is(NAME) String instanceName,
                             @Is(DESCRIPTION) String description,
                             String maintainBegin,
                             String maintainEnd,
                             @Is(REF_ID) String securityGroupId) implements MaintenanceWindow.Fields {
}
