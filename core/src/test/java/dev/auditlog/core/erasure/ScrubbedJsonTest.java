package dev.auditlog.core.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScrubbedJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UnaryOperator<String> ADA = s -> s.replace("Ada Lovelace", "P").replace("ada@example.com", "P");

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void memberNamesAreScrubbedLikeValues() throws Exception {
        assertThat(ScrubbedJson.of(json("{'Ada Lovelace':'key holds the name','notes':['Ada Lovelace',1]}"), ADA))
                .isEqualTo(json("{'P':'key holds the name','notes':['P',1]}"));
    }

    @Test
    void membersWhoseNamesScrubbingMakesEqualAreAllKept() throws Exception {
        JsonNode scrubbed = ScrubbedJson.of(json("{'P':'was there','Ada Lovelace':1,'ada@example.com':2,'P (2)':3}"), ADA);
        assertThat(scrubbed).isEqualTo(json("{'P':'was there','P (3)':1,'P (4)':2,'P (2)':3}"));
    }

    @Test
    void numbersBooleansAndNullsStayAsTheyAre() throws Exception {
        JsonNode plain = json("{'n':1.5,'b':true,'z':null,'deep':{'k':[false,{'x':2}]}}");
        assertThat(ScrubbedJson.of(plain, ADA)).isEqualTo(plain);
        assertThat(ScrubbedJson.of(null, ADA)).isNull();
    }
}
