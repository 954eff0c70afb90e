package dev.romalocal.api;

import dev.romalocal.iam.Authenticator;
import dev.romalocal.iam.Authorizer;
import dev.romalocal.iam.IamService;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.Seeder;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/** Assembles the HTTP adapter from the services (the endpoint classes stay package-private). */
public final class Wiring {
    private Wiring() {
    }

    public static HttpApi api(Vertx vertx, Authenticator authenticator, Authorizer authorizer,
                              InstanceService instances, IamService iam, Seeder seeder, Path seedFile,
                              String storeKind, int maxBodyBytes) {
        return HttpApi.create(vertx, authenticator, authorizer, new InstanceEndpoints(instances),
                new IamEndpoints(iam), new ControlEndpoints(instances, iam, seeder, seedFile, () -> storeKind),
                maxBodyBytes);
    }
}
