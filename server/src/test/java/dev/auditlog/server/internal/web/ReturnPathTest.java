package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathTest {
    @ParameterizedTest
    @ValueSource(strings = {"/t/demo/audit-log?channel=auth", "/t/default/settings", "/t/a%2Fb/audit-log?q=x%20y&cursor=abc"})
    void aPathOnThisSiteIsKept(String path) {
        assertThat(ReturnPath.of(path)).contains(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/t/demo/export?channel=billing&format=csv | /t/demo/audit-log?channel=billing",
            "/t/demo/export?format=json&q=x%20y&period=today | /t/demo/audit-log?q=x%20y&period=today",
            "/t/demo/export?format=csv | /t/demo/audit-log",
            "/t/a%2Fb/export | /t/a%2Fb/audit-log"})
    void anExportLeadsBackToTheViewItExports(String export, String view) {
        assertThat(ReturnPath.of(export)).contains(view);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/t", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
            "evil.example/t", "t/default/audit-log", "/t/default\r\nSet-Cookie: x=1", "/t/ default", "/t/dé"})
    @NullAndEmptySource
    void anythingThatCouldLeaveTheSiteIsDropped(String candidate) {
        assertThat(ReturnPath.of(candidate)).isEmpty();
    }
}
