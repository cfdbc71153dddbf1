package dev.auditlog.server.internal.archive;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSinkTest {
    /**
     * Settings refuse these addresses now, but a tenant's settings saved before they did may still name one: delivery
     * refuses it as well, before it sends anything.
     */
    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:8080/", "http://0.0.0.0:9000/"})
    void nothingIsDeliveredToAMetadataServiceOrAnotherLinkLocalOrUnspecifiedAddress(String url) {
        WebhookSink sink = new WebhookSink(url, "0123456789abcdef", Clock.systemUTC());
        assertThatThrownBy(() -> sink.deliver("acme", List.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("a link-local, multicast or unspecified address, to which no webhook is delivered");
    }
}
