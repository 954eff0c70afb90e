package dev.romalocal.api;

import dev.romalocal.audit.AuditTrail;
import dev.romalocal.console.Assets;
import dev.romalocal.console.EventHub;
import dev.romalocal.console.Tickets;
import dev.romalocal.health.HealthProber;
import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.IamService;
import dev.romalocal.iam.KeyService;
import dev.romalocal.iam.PolicyService;
import dev.romalocal.iam.UserService;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.Seeder;
import dev.romalocal.instance.view.InstanceViews;
import dev.romalocal.lifecycle.LifecycleService;
import dev.romalocal.snapshot.Snapshots;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Assembles the HTTP adapter from the services (the endpoint classes stay package-private). */
public final class Wiring {
    private Wiring() {
    }

    public static HttpApi api(Vertx vertx, Authenticator authenticator, Authorizer authorizer,
                              InstanceService instances, InstanceViews views, LifecycleService lifecycle, IamService iam,
                              UserService users, PolicyService policies, KeyService keys, Seeder seeder,
                              Path seedFile, String storeKind, int maxBodyBytes, AuditTrail audit,
                              HealthProber prober, Snapshots snapshots,
                              dev.romalocal.metrics.Metrics metrics) {
        RequestFaults requestFaults = new RequestFaults();
        AtomicReference<List<Route>> routes = new AtomicReference<>();
        ControlEndpoints control = new ControlEndpoints(instances, lifecycle, iam, seeder, seedFile, () -> storeKind,
                requestFaults, routes::get);
        routes.set(Routes.all(new Endpoints(new InstanceEndpoints(instances, views), new LifecycleEndpoints(lifecycle, instances),
                new IamEndpoints(iam), new UserEndpoints(users), new AccountEndpoints(users),
                new PolicyEndpoints(policies), new KeyEndpoints(keys), control, new AuditEndpoints(audit),
                new ConfigEndpoints(instances, views), new MqsEndpoints(views), new HealthEndpoints(prober),
                new SnapshotEndpoints(snapshots), new OpsEndpoints(metrics),
                new ConsoleEndpoints(vertx, authenticator, authorizer, new Assets(), new Tickets(),
                        new EventHub(instances.store().feed()))),
                maxBodyBytes));
        return new HttpApi(vertx, authenticator, authorizer, routes.get(), requestFaults, BodyIntake.defaultBudget(),
                audit, metrics.registry());
    }
}
