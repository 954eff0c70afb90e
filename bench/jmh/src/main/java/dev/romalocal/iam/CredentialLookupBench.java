package dev.romalocal.iam;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Credential lookup through the {@link Authenticator}'s caches, warm (the store is read once, in setup):
 * <ul>
 *   <li>{@code token}: {@code authenticate} of a request carrying {@code X-Auth-Token}: the token cache (keyed by the
 *   token itself), then its revoked / enabled / expiry checks; returns the cached principal;</li>
 *   <li>{@code accessKey}: {@code precheckSignature} of a signed request: what HttpApi runs from the headers alone
 *   before a signed body is read (the Authorization header parsed, X-Sdk-Date parsed and checked against the
 *   window, the access key found in the key cache with its unsealed secret, its state checked). No HMAC.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CredentialLookupBench {
    Fixture fixture;
    Authenticator authenticator;
    SignedRequest tokenRequest;
    SignedRequest signedRequest;

    @Setup
    public void setUp() throws Exception {
        fixture = new Fixture();
        authenticator = fixture.authenticator;
        tokenRequest = fixture.tokenRequest();
        signedRequest = fixture.signedRequest();
        Principal p = authenticator.authenticate(tokenRequest); // warms the token cache
        if (p.method() != Principal.Method.TOKEN) {
            throw new IllegalStateException("token not recognised: " + p);
        }
        authenticator.precheckSignature(signedRequest); // warms the key cache
    }

    @TearDown
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public void token(Blackhole bh) {
        bh.consume(authenticator.authenticate(tokenRequest));
    }

    @Benchmark
    public void accessKey() {
        authenticator.precheckSignature(signedRequest);
    }
}
