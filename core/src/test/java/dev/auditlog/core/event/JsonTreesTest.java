package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
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
    void writesWhatJacksonWritesForNumbersOfEveryWidthAndForNodesBuiltInCode() throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode[] nodes = {
            f.numberNode((short) -7), f.numberNode(Integer.MIN_VALUE), f.numberNode(Long.MAX_VALUE), f.numberNode(1.5f),
            f.numberNode(-0.0), f.numberNode(new BigInteger("-123456789012345678901234567890")),
            f.numberNode(new BigDecimal("1.50")), f.numberNode(new BigDecimal("1E+400")),
            f.binaryNode(new byte[] {0, 1, 2, (byte) 0xff}), f.pojoNode(List.of("x", 1)),
            JSON.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree("{\"a\":[0.10,2.5e-3]}")
        };
        for (JsonNode node : nodes) assertThat(written(node)).as(node.getNodeType() + " " + node).isEqualTo(JSON.writeValueAsString(node));
    }

    @Test
    void namesAreTheMembersInTheNodesOrder() throws IOException {
        assertThat(JsonTrees.names(JSON.readTree("{\"z\":1,\"a\":2,\"m\":{\"q\":3}}"))).containsExactly("z", "a", "m");
        assertThat(JsonTrees.names(JSON.readTree("{}"))).isEmpty();
    }
}
