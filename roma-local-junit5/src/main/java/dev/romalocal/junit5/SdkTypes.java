package dev.romalocal.junit5;

/** The SDK clients that can be injected, by name: checking a parameter's type loads nothing of the SDK. */
final class SdkTypes {
    static final String ROMA_CLIENT = "com.huaweicloud.sdk.roma.v2.RomaClient";
    static final String IAM_CLIENT = "com.huaweicloud.sdk.iam.v3.IamClient";

    private SdkTypes() {
    }

    static boolean isClient(Class<?> type) {
        return type.getName().equals(ROMA_CLIENT) || type.getName().equals(IAM_CLIENT);
    }
}
