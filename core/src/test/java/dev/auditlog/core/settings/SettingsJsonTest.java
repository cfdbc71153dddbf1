package dev.auditlog.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Target;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            "{\"archive\":{\"type\":\"file\"}}|/archive/path",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://a.example\",\"secret\":\"short\"}}|/archive/secret",
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
