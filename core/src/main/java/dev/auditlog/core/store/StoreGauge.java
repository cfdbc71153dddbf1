package dev.auditlog.core.store;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A figure of a store's own resources that the server's {@code /metrics} reads at each scrape: how many reads or
 * connections are busy and how many wait. A waiting count that stays above zero names the part that cannot keep up.
 *
 * @param tags label and value, from a fixed set (a pool's or a lane's name), never from what clients send
 */
public record StoreGauge(String name, String description, Map<String, String> tags, Supplier<Number> value) {
}
