package dev.auditlog.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Settings parse(String json) throws Exception {
        return SettingsJson.parse(JSON.readTree(json));
    }

    @Test
    void aStoredDocumentReadsBackEqual() throws Exception {
        Settings s = parse("""
                {"retention_days":90,"tracking":{"default":"none","rules":[{"target_type":"invoice","events":["updated","created"]}]},
                 "ip_allowlist":["10.1.2.3/8","2001:db8::/32"],"archive":{"type":"webhook","url":"https://a.example/in","secret":"0123456789abcdef"}}""");
        assertThat(SettingsJson.fromStoredText(SettingsJson.toStoredText(s))).isEqualTo(s);
        assertThat(SettingsJson.write(s, false).get("archive").get("secret").asText()).isEqualTo("********");
        assertThat(SettingsJson.write(s, false).get("tracking").get("rules").get(0).get("events").toString())
                .isEqualTo("[\"created\",\"updated\"]");
    }

    @Test
    void aStoredRetentionAboveTheCeilingSavedBeforeItExistedReadsAsTheCeiling() {
        Settings s = SettingsJson.fromStoredText("{\"retention_days\":2147483647,\"archive\":{\"type\":\"none\"}}");
        assertThat(s.retentionDays()).isEqualTo(Settings.MAX_RETENTION_DAYS);
    }

    @Test
    void anEmptyDocumentIsTheDefault() throws Exception {
        assertThat(parse("{}")).isEqualTo(Settings.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"retention_days\":29}|/retention_days",
            "{\"retention_days\":30.5}|/retention_days",
            "{\"tracking\":{\"rules\":[{\"target_type\":\"x\",\"events\":[\"viewed\"]}]}}|/tracking/rules/0/events/0",
            "{\"tracking\":{\"rules\":[{\"target_type\":\"x\",\"events\":[]},{\"target_type\":\"x\",\"events\":[]}]}}|/tracking/rules/1/target_type",
            "{\"ip_allowlist\":[\"10.0.0.0/8\",\"300.1.1.1\"]}|/ip_allowlist/1",
            "{\"ip_allowlist\":[\"10.0.0.0/+8\"]}|/ip_allowlist/0",
            "{\"ip_allowlist\":[\"10.0.0.0/\uFF18\"]}|/ip_allowlist/0",
            "{\"ip_allowlist\":[\"10.0.0.0/\"]}|/ip_allowlist/0",
            "{\"archive\":{\"type\":\"file\"}}|/archive/path",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://a.example\",\"secret\":\"short\"}}|/archive/secret",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"http://169.254.169.254/latest\",\"secret\":\"0123456789abcdef\"}}|/archive/url",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"http://[fe80::1]:8080/\",\"secret\":\"0123456789abcdef\"}}|/archive/url",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"http://[fd00:ec2::254]/\",\"secret\":\"0123456789abcdef\"}}|/archive/url",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"http://0.0.0.0:9000/\",\"secret\":\"0123456789abcdef\"}}|/archive/url",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"http://224.0.0.1/\",\"secret\":\"0123456789abcdef\"}}|/archive/url",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://a.example\",\"secret\":\"whsec_!!!notbase64!!!@@@\"}}|/archive/secret",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://a.example\",\"secret\":\"whsec_==============\"}}|/archive/secret",
            "{\"retention_days\":36501}|/retention_days",
            "{\"retention_days\":2147483648}|/retention_days",
            "{\"tracking\":{\"default\":\"all\",\"mode\":\"strict\"}}|/tracking/mode",
            "{\"tracking\":{\"rules\":[{\"target_type\":\"x\",\"events\":[],\"note\":1}]}}|/tracking/rules/0/note",
            "{\"archive\":{\"type\":\"s3\"}}|/archive/type",
            "{\"archive\":{\"path\":\"/x\"}}|/archive/type",
            "{\"archive\":{\"type\":\"file\",\"path\":\"/x\",\"url\":\"http://x\"}}|/archive/url",
            "{\"archive\":{\"type\":\"none\",\"a/b\":1}}|/archive/a~1b"})
    void anInvalidMemberIsNamedByItsPointer(String json, String pointer) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).error().pointer()).isEqualTo(pointer));
    }

    @Test
    void aStandardWebhooksSecretIsTakenWhenItsKeyIsBase64() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThat(parse(webhook(URL, secret)).archive().secret()).isEqualTo(secret);
        assertThat(Archive.webhookKey(secret)).hasSize(24);
        assertThat(Archive.webhookKey(SECRET)).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    }

    /** Each length or count: the document holding it at its limit, one past it, then the pointer and the refusal. */
    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of("archive path, 4096 bytes (PATH_MAX)", file(DEEP + "é".repeat(7) + "a"), file(DEEP + "é".repeat(8)),
                        "/archive/path", "a file archive's path may be at most 4096 bytes (PATH_MAX)"),
                Arguments.of("a name in the archive path, 255 bytes (NAME_MAX)", file("/srv/" + "n".repeat(255) + "/x"),
                        file("/srv/" + "n".repeat(256) + "/x"), "/archive/path",
                        "each name in a file archive's path may be at most 255 bytes (NAME_MAX)"),
                Arguments.of("webhook url, 2048 characters", webhook("https://a.example/" + "p".repeat(2030), SECRET),
                        webhook("https://a.example/" + "p".repeat(2031), SECRET),
                        "/archive/url", "a webhook archive's url may be at most 2048 characters"),
                Arguments.of("webhook secret, 256 characters", webhook(URL, "s".repeat(256)), webhook(URL, "s".repeat(257)),
                        "/archive/secret", "a webhook archive needs a secret of 16 to 256 characters"),
                Arguments.of("webhook secret, 16 characters", webhook(URL, "s".repeat(16)), webhook(URL, "s".repeat(15)),
                        "/archive/secret", "a webhook archive needs a secret of 16 to 256 characters"),
                Arguments.of("target type, 500 characters as ingest's target.type", tracking(List.of("\\uD83D\\uDD11".repeat(500))),
                        tracking(List.of("t".repeat(501))), "/tracking/rules/0/target_type",
                        "target_type may be at most 500 characters, as an event's target.type"),
                Arguments.of("tracking rules, 100", rules(100), rules(101), "/tracking/rules", "tracking.rules may hold at most 100 rules"),
                Arguments.of("tracking rules, 8192 bytes of JSON", rulesTaking(8192), rulesTaking(8193), "/tracking/rules",
                        "tracking.rules may take at most 8192 bytes of JSON (these take 8193), so that the entry recording a"
                                + " change, which holds the old and the new rules, stays within the 65536 bytes of an event"));
    }

    /** 4,081 bytes of path in names of 254 bytes (NAME_MAX is 255). */
    private static final String DEEP = "/" + ("d".repeat(254) + "/").repeat(16);
    private static final String SECRET = "0123456789abcdef";
    private static final String URL = "https://a.example/in";

    private static String file(String path) {
        return "{\"archive\":{\"type\":\"file\",\"path\":\"" + path + "\"}}";
    }

    private static String webhook(String url, String secret) {
        return "{\"archive\":{\"type\":\"webhook\",\"url\":\"" + url + "\",\"secret\":\"" + secret + "\"}}";
    }

    /** Tracking rules recording created for each of {@code types}. */
    private static String tracking(List<String> types) {
        return types.stream().map(t -> "{\"target_type\":\"" + t + "\",\"events\":[\"created\"]}")
                .collect(Collectors.joining(",", "{\"tracking\":{\"rules\":[", "]}}"));
    }

    private static String rules(int count) {
        return tracking(IntStream.range(0, count).mapToObj(i -> "type-" + i).toList());
    }

    /**
     * 20 rules whose JSON takes {@code bytes}: the brackets, 19 commas, 39 bytes of each rule around its type
     * ({@code {"target_type":"","events":["created"]}}) and the types, which share the rest.
     */
    private static String rulesTaking(int bytes) {
        int typeChars = bytes - 2 - 19 - 20 * 39;
        return tracking(IntStream.range(0, 20)
                .mapToObj(i -> (char) ('a' + i) + "t".repeat(typeChars / 20 - 1 + (i < typeChars % 20 ? 1 : 0))).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void eachLengthAndCountIsAcceptedAtItsLimitAndRefusedPastItNamingTheLimit(String limit, String atLimit, String pastLimit,
                                                                             String pointer, String detail) throws Exception {
        parse(atLimit);
        InvalidSettingsException refused = catchThrowableOfType(InvalidSettingsException.class, () -> parse(pastLimit));
        assertThat(refused).as(limit).isNotNull();
        assertThat(refused.error().pointer()).isEqualTo(pointer);
        assertThat(refused.getMessage()).isEqualTo(detail);
    }

    /** A rule for a type no event can carry would never match. */
    @Test
    void aTargetTypeIngestRefusesIsRefused() {
        assertThatThrownBy(() -> parse(tracking(List.of("in\\u0007voice")))).isInstanceOf(InvalidSettingsException.class)
                .hasMessage("target_type must not contain control characters (found U+0007 at position 2)");
    }

    /**
     * Credentials in a webhook URL would show in the settings and their entries, unmasked, and are never sent: the
     * receiver is to check the signature made with the secret.
     */
    @ParameterizedTest
    @ValueSource(strings = {"https://archiver:S3cret@hooks.example.com/audit", "https://archiver@hooks.example.com/audit",
            "http://:S3cret@127.0.0.1:8080/hook", "https://@hooks.example.com/"})
    void aWebhookUrlHoldingCredentialsIsRefusedPointingToTheSecret(String url) {
        InvalidSettingsException refused = catchThrowableOfType(InvalidSettingsException.class, () -> parse(webhook(url, SECRET)));
        assertThat(refused.error().pointer()).isEqualTo("/archive/url");
        assertThat(refused.getMessage()).startsWith("a webhook archive's url may not hold credentials (user:password@)")
                .contains("webhook-signature header, an HMAC-SHA256 made with the secret");
    }

    @Test
    void anAtSignOrAPortElsewhereInAWebhookUrlIsNoCredential() throws Exception {
        String url = "https://hooks.example.com:8443/audit/ops@example.com?notify=ops@example.com";
        assertThat(parse(webhook(url, SECRET)).archive().url()).isEqualTo(url);
    }

    /** A receiver beside the server or in the operator's network is the usual archive; only the metadata-service kind is refused. */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/hook", "http://[::1]:9000/hook", "http://10.0.0.7/hook", "http://192.168.1.5/hook",
            "http://localhost:9000/hook", "https://169.254.169.254.nip.example/hook"})
    void aWebhookOnLoopbackOrAPrivateNetworkIsTaken(String url) throws Exception {
        assertThat(parse(webhook(url, SECRET)).archive().url()).isEqualTo(url);
    }

    /** The store must open and ingest follow a tenant's settings whatever limits came after they were saved. */
    @Test
    void aStoredDocumentIsReadWhateverLimitsCameAfterItWasSaved() throws Exception {
        assertThat(SettingsJson.fromStoredText(rules(101)).tracking().rules()).hasSize(101);
        assertThat(SettingsJson.fromStoredText(tracking(List.of("t".repeat(600)))).tracking().rules()).hasSize(1);
        assertThat(SettingsJson.fromStoredText(file("/" + "p".repeat(5000))).archive().path()).hasSize(5001);
        assertThat(SettingsJson.fromStoredText(webhook("https://a:b@a.example/in", SECRET)).archive().url()).contains("a:b@");
    }

    @Test
    void cidrsMatchTheirNetworkOnly() {
        Cidr v4 = Cidr.parse("192.168.10.77/20");
        assertThat(v4.toString()).isEqualTo("192.168.10.77/20");
        assertThat(v4.contains(IpAddresses.parse("192.168.15.255"))).isTrue();
        assertThat(v4.contains(IpAddresses.parse("192.168.16.0"))).isFalse();
        assertThat(v4.contains(IpAddresses.parse("::1"))).isFalse();
        assertThat(Cidr.parse("::1").contains(IpAddresses.parse("0:0::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parse("8.8.8.8"))).isTrue();
    }

    @Test
    void anIpv4MappedAddressOrNetworkIsTakenAsTheIpv4OneItMaps() {
        Cidr mapped = Cidr.parse("::ffff:127.0.0.0/104");
        assertThat(mapped.toString()).isEqualTo("::ffff:127.0.0.0/104");
        assertThat(mapped.contains(IpAddresses.parse("127.0.0.1"))).isTrue();
        assertThat(mapped.contains(IpAddresses.parse("::ffff:127.9.9.9"))).isTrue();
        assertThat(mapped.contains(IpAddresses.parse("128.0.0.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(IpAddresses.parse("::ffff:10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(IpAddresses.parse("::ffff:10.1.2.3"))).isFalse();
        assertThat(Cidr.parse("::ffff:0:0/95").contains(IpAddresses.parse("10.1.2.3"))).isFalse();
    }

    @Test
    void aRuleForTheTargetTypeOverridesTheDefault() {
        Tracking t = new Tracking(false, List.of(new Tracking.Rule("invoice", java.util.Set.of(EventType.DELETED))));
        assertThat(t.records(event(EventType.DELETED, "invoice"))).isTrue();
        assertThat(t.records(event(EventType.CREATED, "invoice"))).isFalse();
        assertThat(t.records(event(EventType.CREATED, "user"))).isFalse();
        assertThat(t.records(event(EventType.CREATED, null))).isFalse();
        assertThat(Tracking.ALL.records(event(EventType.READ, "invoice"))).isTrue();
    }

    private static Event event(EventType type, String targetType) {
        return new Event("a", type, Event.DEFAULT_CHANNEL, null, null, null,
                targetType == null ? null : new Target(targetType, "1", null, null), List.of(), null, null, Event.SUCCESS,
                null, null, null);
    }
}
