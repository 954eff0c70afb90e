package dev.romalocal.api;

/**
 * The handler classes the operation table ({@link Routes}) points into, one per area. A new route in an existing
 * area is one declaration in {@link Routes} plus one method in its class; a new area adds one component here.
 */
record Endpoints(InstanceEndpoints instances, LifecycleEndpoints lifecycle, IamEndpoints iam, UserEndpoints users,
                 AccountEndpoints accounts, PolicyEndpoints policies, KeyEndpoints keys, ControlEndpoints control,
                 AuditEndpoints audit, ConfigEndpoints config, MqsEndpoints mqs, HealthEndpoints health,
                 SnapshotEndpoints snapshots, OpsEndpoints ops,
                 ConsoleEndpoints console) {
}
