package org.custodian.identity.internal;

/** What a half-finished sign-in must do next, where, and how the API says so. */
enum SignInStage {
    VERIFY_SECOND_FACTOR("/sign-in/two-factor", "two-factor-required",
            "Enter the code from your authenticator app to finish signing in."),
    CHANGE_PASSWORD("/account/password", "password-change-required",
            "Choose a new password before using Custodian."),
    ENROL_SECOND_FACTOR("/account/two-factor/setup", "two-factor-enrolment-required",
            "Set up two-factor authentication before using Custodian."),
    COMPLETE("/", null, null);

    private final String path;
    private final String problemCode;
    private final String message;

    SignInStage(String path, String problemCode, String message) {
        this.path = path;
        this.problemCode = problemCode;
        this.message = message;
    }

    String path() {
        return path;
    }

    String problemCode() {
        return problemCode;
    }

    String message() {
        return message;
    }
}
