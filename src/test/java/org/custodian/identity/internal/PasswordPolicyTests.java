package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

class PasswordPolicyTests {

    /** Built once: every test checks against the real, shipped deny-list. */
    private static final PasswordPolicy POLICY = new PasswordPolicy(PasswordPolicyProperties.defaults());

    private static final String STRONG = "Correct-Horse-42";
    private static final String COMMON = "This password is too common: it appears in lists of leaked passwords.";
    private static final String USERNAME = "Do not include your username or email address.";

    @Test
    void aStrongPasswordBreaksNoRule() {
        assertThat(POLICY.violations(STRONG, "jane.smith@example.com")).isEmpty();
        assertThat(POLICY.violations(STRONG, null)).isEmpty();
    }

    @Test
    void tooShort() {
        assertThat(POLICY.violations("Hrs-42x", null)).containsExactly("Use at least 8 characters.");
        assertThat(POLICY.violations("Hrs-42xy", null)).isEmpty();
    }

    @Test
    void tooLong() {
        String password = STRONG + "x".repeat(113);
        assertThat(password).hasSize(129);

        assertThat(POLICY.violations(password, null)).containsExactly("Use at most 128 characters.");
        assertThat(POLICY.violations(password.substring(1), null)).isEmpty();
    }

    @Test
    void noLowerCaseLetter() {
        assertThat(POLICY.violations("CORRECT-HORSE-42", null)).containsExactly("Include a lower-case letter.");
    }

    @Test
    void noUpperCaseLetter() {
        assertThat(POLICY.violations("correct-horse-42", null)).containsExactly("Include an upper-case letter.");
    }

    @Test
    void noDigit() {
        assertThat(POLICY.violations("Correct-Horse-Battery", null)).containsExactly("Include a digit.");
    }

    @Test
    void lettersOfOtherScriptsCount() {
        assertThat(POLICY.violations("Ŵyn-chwarae-42", null)).isEmpty();
        assertThat(POLICY.violations("ŴYN-CHWARAE-42", null)).containsExactly("Include a lower-case letter.");
        assertThat(POLICY.violations("ŵyn-chwarae-42", null)).containsExactly("Include an upper-case letter.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password1", "Qwerty123", "PassWord123", "Iloveyou1"})
    void aListedPasswordIsTooCommonWhateverItsCase(String password) throws IOException {
        assertThat(shippedDenyList()).contains(password.toLowerCase(Locale.ROOT)).doesNotContain(password);
        assertThat(POLICY.violations(password, null)).containsExactly(COMMON);
    }

    @Test
    void theDenyListMatchesTheWholePasswordOnly() {
        assertThat(POLICY.violations("Password1-Horse", null)).isEmpty();
    }

    @Test
    void containingTheUsernameInAnyCase() {
        assertThat(POLICY.violations("Xjsmith-Secure9", "jsmith")).containsExactly(USERNAME);
        assertThat(POLICY.violations("XJSMITH-Secure9", "JSmith")).containsExactly(USERNAME);
        assertThat(POLICY.violations("Ab1-Jane.Smith@Example.com", "jane.smith@example.com"))
                .containsExactly(USERNAME);
    }

    @Test
    void containingTheLocalPartOfAnEmailUsername() {
        assertThat(POLICY.violations("Jane.Smith-2026", "jane.smith@example.com")).containsExactly(USERNAME);
        assertThat(POLICY.violations("Correct-Horse-Kim9", "kim@example.com")).containsExactly(USERNAME);
        // Local parts under 3 characters are too short to judge by.
        assertThat(POLICY.violations("Correct-Horse-J0", "j0@example.com")).isEmpty();
    }

    @Test
    void everyBrokenRuleIsReported() {
        assertThat(POLICY.violations("short", null)).containsExactly(
                "Use at least 8 characters.", "Include an upper-case letter.", "Include a digit.", COMMON);
        assertThat(POLICY.violations(null, "someone@example.com")).containsExactly(
                "Use at least 8 characters.", "Include a lower-case letter.", "Include an upper-case letter.",
                "Include a digit.");
    }

    static List<String> badPasswords() {
        return List.of("Zq9", "ZQXJVKWB", "zqxjvkwb", "Zqxjvkwb", "Qwerty123", "Password1", "Xjsmith-Secure9",
                "Jane.Smith-2026", STRONG + "Zqxjvkwb".repeat(15));
    }

    @ParameterizedTest
    @MethodSource("badPasswords")
    void messagesNeverRepeatThePassword(String password) {
        List<String> messages = new ArrayList<>(POLICY.violations(password, "jsmith"));
        messages.addAll(POLICY.violations(password, "jane.smith@example.com"));

        assertThat(messages).isNotEmpty().allSatisfy(message -> assertThat(message.toLowerCase(Locale.ROOT))
                .doesNotContain(password.toLowerCase(Locale.ROOT)));
    }

    @Test
    void theShippedDenyListIsLargeSortedForPassayAndFreeOfDuplicates() throws IOException {
        List<String> words = shippedDenyList();

        assertThat(POLICY.denyListSize()).isGreaterThanOrEqualTo(10_000).isEqualTo(words.size());
        assertThat(words).isSortedAccordingTo(String::compareToIgnoreCase);
        assertThat(words.stream().map(w -> w.toLowerCase(Locale.ROOT)).distinct()).hasSameSizeAs(words);
        assertThat(words).allSatisfy(w -> assertThat(w).hasSizeGreaterThanOrEqualTo(4).isEqualTo(w.strip()));
    }

    @Test
    void aMaximumOf64IsAcceptedAndApplies() {
        var policy = new PasswordPolicy(properties(8, 64));
        String password = STRONG + "x".repeat(49);

        assertThat(policy.violations(password, null)).containsExactly("Use at most 64 characters.");
        assertThat(policy.violations(password.substring(1), null)).isEmpty();
    }

    @Test
    void settingsBelowTheFloorsStopTheApplication() {
        assertThatIllegalArgumentException().isThrownBy(() -> properties(8, 63)).withMessageContaining("max-length");
        assertThatIllegalArgumentException().isThrownBy(() -> properties(7, 128)).withMessageContaining("min-length");
        assertThatIllegalArgumentException().isThrownBy(() -> properties(100, 80)).withMessageContaining("max-length");
    }

    @Test
    void aCustomMinimumLengthApplies() {
        var policy = new PasswordPolicy(properties(12, 128));

        assertThat(policy.violations("Horse-Bat-42", null)).isEmpty();
        assertThat(policy.violations("Horse-Bat42", null)).containsExactly("Use at least 12 characters.");
    }

    @Test
    void characterClassesCanBeSwitchedOff() {
        var policy = new PasswordPolicy(new PasswordPolicyProperties(8, 128, false, false, false,
                PasswordPolicyProperties.DEFAULT_DENY_LIST));

        assertThat(policy.violations("correct horse battery staple", null)).isEmpty();
        assertThat(policy.violations("password", null)).containsExactly(COMMON);
    }

    @Test
    void anotherDenyListCanBeConfigured(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("deny.txt"), "Correct-Horse-42\nzebra-Crossing-7\n");
        var policy = new PasswordPolicy(new PasswordPolicyProperties(8, 128, true, true, true,
                list.toUri().toString()));

        assertThat(policy.denyListSize()).isEqualTo(2);
        assertThat(policy.violations("CORRECT-horse-42", null)).containsExactly(COMMON);
        assertThat(policy.violations("Password1", null)).isEmpty();
    }

    @Test
    void anUnsortedDenyListStopsTheApplication(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("deny.txt"), "zebra\napple\n");

        assertThatIllegalStateException().isThrownBy(() -> new PasswordPolicy(new PasswordPolicyProperties(
                8, 128, true, true, true, list.toUri().toString()))).withMessageContaining("sorted");
    }

    private static PasswordPolicyProperties properties(int minLength, int maxLength) {
        return new PasswordPolicyProperties(minLength, maxLength, true, true, true,
                PasswordPolicyProperties.DEFAULT_DENY_LIST);
    }

    private static List<String> shippedDenyList() throws IOException {
        return new ClassPathResource("identity/common-passwords.txt").getContentAsString(StandardCharsets.UTF_8)
                .lines().toList();
    }
}
