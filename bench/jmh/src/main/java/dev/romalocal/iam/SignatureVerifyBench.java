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

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signature verification of one SDK-HMAC-SHA256 signed {@code GET /v2/{project_id}/apic/instances/{instance_id}}
 * (no body), with the key's secret known:
 * <ul>
 *   <li>{@code authenticate}: the whole {@link Authenticator#authenticate} of the signed request, as a worker or
 *   event loop runs it: header checks and the warm key-cache lookup, the signed headers collected, the empty
 *   body's SHA-256, the canonical request, the string to sign, the HMAC-SHA256 and the constant-time compare; returns
 *   the principal;</li>
 *   <li>{@code canonicalAndHmac}: the {@link SdkSigning} part alone (canonical request, string to sign,
 *   HMAC-SHA256), without the authenticator around it.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignatureVerifyBench {
    Fixture fixture;
    Authenticator authenticator;
    SignedRequest signedRequest;
    String secret = Fixture.SK;
    String sdkDate;
    String path = Fixture.PATH;
    List<String> signedHeaders = List.of("host", "user-agent", "x-project-id", "x-sdk-date");
    Map<String, String> values;

    @Setup
    public void setUp() throws Exception {
        fixture = new Fixture();
        authenticator = fixture.authenticator;
        signedRequest = fixture.signedRequest();
        sdkDate = fixture.sdkDate;
        values = Map.of("host", "127.0.0.1:9090", "user-agent", "huaweicloud-usdk-java/3.0",
                "x-project-id", Fixture.PROJECT, "x-sdk-date", sdkDate);
        Principal p = authenticator.authenticate(signedRequest); // verifies once, warms the key cache
        if (p.method() != Principal.Method.AKSK) {
            throw new IllegalStateException("signature not recognised: " + p);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public void authenticate(Blackhole bh) {
        bh.consume(authenticator.authenticate(signedRequest));
    }

    @Benchmark
    public void canonicalAndHmac(Blackhole bh) {
        String canonical = SdkSigning.canonicalRequest("GET", path, null, signedHeaders, values,
                SdkSigning.EMPTY_BODY_SHA256);
        bh.consume(SdkSigning.signature(secret, SdkSigning.stringToSign(sdkDate, canonical)));
    }
}
