package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "255.255.255.255, 255.255.255.255",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:DB8::1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "::FFFF:C000:0201, ::ffff:192.0.2.1",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "fe80::0:0:1, fe80::1",
    })
    void printsAddressesInCanonicalForm(String in, String canonical) {
        assertThat(IpAddresses.canonical(in)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.-4", "+1.2.3.4",
        "١.٢.٣.٤", "1.2.3.4 ", "::1::", ":::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8", "12345::", "g::1", "fe80::1%eth0", "::1.2.3", "1.2.3.4::", "::ffff:1.2.3.04",
        "localhost", "example.com", "[::1]"})
    void rejectsEverythingElse(String in) {
        assertThat(IpAddresses.parse(in)).isNull();
        assertThat(IpAddresses.canonical(in)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1, 4", "::1, 16"})
    void parsesToAddressBytes(String in, int length) {
        assertThat(IpAddresses.parse(in)).hasSize(length);
    }
}
