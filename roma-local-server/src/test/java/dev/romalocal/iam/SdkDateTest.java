package dev.romalocal.iam;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written X-Sdk-Date parser agrees with java.time and refuses malformed values. */
class SdkDateTest {

    @Test
    void parsesLikeJavaTime() {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        for (String s : new String[] {"20261128T190748Z", "20240229T235959Z", "19700101T000000Z",
                "20991231T120000Z"}) {
            long expected = LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC).toEpochMilli();
            assertThat(Authenticator.parseSdkDate(s)).as(s).isEqualTo(expected);
        }
    }

    @Test
    void refusesMalformedValues() {
        for (String s : new String[] {"", "20261128190748Z", "20261128T190748", "2026-11-28T19:07:48Z",
                "20261328T190748Z", "20261128T250748Z", "20230229T000000Z", "2026112xT190748Z", "20261128T196048Z"}) {
            assertThat(Authenticator.parseSdkDate(s)).as(s).isEqualTo(Long.MIN_VALUE);
        }
    }
}
