package dev.auditlog.core.canonical;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonGeneratorDecorator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON as the API, the exports and the web pages write it: for people to read as well as programs, with the same values.
 *
 * <ul>
 *   <li>Decimals without Java's exponent notation. Jackson prints a double as {@link Double#toString} does, so an amount
 *       of 12345678.9 read {@code 1.23456789E7}, and 0.0001 read {@code 1.0E-4}. A double that Java would print with an
 *       exponent is printed as ECMAScript prints it ({@link CanonicalJson#number}: 12345678.9, 0.0001, and {@code 1e+21}
 *       from there on), keeping ".0" on a whole number, so that a reader still finds a decimal where one was sent.</li>
 *   <li>Characters outside the Basic Multilingual Plane (emoji, many CJK ideographs) as themselves in UTF-8. Jackson
 *       otherwise escapes them as two {@code \\uXXXX} surrogates, which a text search of the file does not find.</li>
 * </ul>
 * Leaf hashes and {@code verify} read numbers and strings by value, so neither changes what verifies.
 */
public final class ReadableJson {
    private static final JsonGeneratorDecorator PLAIN_DECIMALS = (factory, generator) -> new JsonGeneratorDelegate(generator, true) {
        @Override
        public void writeNumber(double v) throws IOException {
            delegate.writeNumber(decimal(v));
        }
    };

    private ReadableJson() {
    }

    /** The builder, set to write JSON so. */
    public static JsonFactoryBuilder configure(JsonFactoryBuilder builder) {
        return builder.addDecorator(PLAIN_DECIMALS).enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    }

    /** An {@link ObjectMapper} that writes JSON so. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper(configure(new JsonFactoryBuilder()).build());
    }

    /** The double as written: Java's form unless that has an exponent, then ECMAScript's. */
    public static String decimal(double d) {
        String java = Double.toString(d);
        if (!Double.isFinite(d) || java.indexOf('E') < 0) return java;
        String ecmaScript = CanonicalJson.number(d);
        return ecmaScript.indexOf('.') < 0 && ecmaScript.indexOf('e') < 0 ? ecmaScript + ".0" : ecmaScript;
    }
}
