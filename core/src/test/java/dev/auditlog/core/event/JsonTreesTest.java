package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonTreesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String written(JsonNode node) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
            JsonTrees.write(g, node);
        }
        return text.toString();
    }

    @Test
    void writesWhatJacksonWritesForEveryKindOfValue() throws IOException {
        String[] documents = {
            "{}", "[]", "null", "true", "\"text with \\\"quotes\\\" and \\u00e9 \\u2028\"", "-0", "1.5e300", "12345678901234567890123",
            "{\"z\":1,\"a\":{\"nested\":[1,2,{\"deep\":null}],\"e\":[]},\"m\":\"x\",\"b\":false,\"d\":0.1}",
            "[{\"before\":\"draft\",\"after\":\"sent\"},[[]],{},\"\",-1.25E-7]"
        };
        for (String document : documents) {
            JsonNode node = JSON.readTree(document);
            assertThat(written(node)).as(document).isEqualTo(JSON.writeValueAsString(node));
        }
    }

    @Test
    void namesAreTheMembersInTheNodesOrder() throws IOException {
        assertThat(JsonTrees.names(JSON.readTree("{\"z\":1,\"a\":2,\"m\":{\"q\":3}}"))).containsExactly("z", "a", "m");
        assertThat(JsonTrees.names(JSON.readTree("{}"))).isEmpty();
    }
}
