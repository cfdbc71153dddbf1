package dev.auditlog.core.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Realistic events of an HR / billing product: people, integrations and system jobs acting on employees,
 * invoices, hardware and settings, with changes and the odd error. Used by {@code serve --demo} and the
 * benchmarks, so both exercise the shapes real clients send. Deterministic for a given seed.
 */
public final class SampleEvents {
    private record Person(String id, String name, String email) {
    }

    private static final List<Person> PEOPLE = List.of(
            new Person("u_17", "Grace Hopper", "grace@example.com"),
            new Person("u_42", "Ada Lovelace", "ada@example.com"),
            new Person("u_7", "Alan Turing", "alan@example.com"),
            new Person("u_23", "Katherine Johnson", "katherine@example.com"),
            new Person("u_31", "Edsger Dijkstra", "edsger@example.com"),
            new Person("u_55", "Barbara Liskov", "barbara@example.com"),
            new Person("u_61", "Margaret Hamilton", "margaret@example.com"),
            new Person("u_88", "Donald Knuth", "don@example.com"));
    private static final List<String> INTEGRATIONS = List.of("billing-service", "payroll-sync", "okta-scim");
    private static final List<String> IPS = List.of("203.0.113.7", "198.51.100.23", "192.0.2.144", "2001:db8::1:5");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;

    public SampleEvents(long seed) {
        this.random = new Random(seed);
    }

    /** The next event, occurring at the given time. */
    public Event next(Instant occurredAt) {
        Person person = pick(PEOPLE);
        Person subject = pick(PEOPLE);
        int kind = random.nextInt(100);
        Actor actor = kind < 70 ? user(person)
                : kind < 90 ? new Actor(Actor.INTEGRATION, pick(INTEGRATIONS), null, null)
                : null;
        String ip = actor != null && actor.type().equals(Actor.USER) ? pick(IPS) : null;
        boolean failed = random.nextInt(40) == 0;
        String status = failed ? Event.ERROR : Event.SUCCESS;
        return switch (random.nextInt(6)) {
            case 0 -> {
                int invoice = 1000 + random.nextInt(9000);
                ObjectNode changes = change("status", "draft", "sent");
                yield new Event("invoice.updated", EventType.UPDATED, "billing", "Invoice #" + invoice + " sent to customer",
                        occurredAt, actor, new Target("invoice", String.valueOf(invoice), "Invoice #" + invoice,
                        "https://app.example.com/invoices/" + invoice), List.of(), ip, agent(actor), status, changes,
                        metadata(), null);
            }
            case 1 -> {
                int hw = 100 + random.nextInt(200);
                yield new Event("hardware.assigned", EventType.UPDATED, "hardware",
                        "Hardware #" + hw + " assigned to " + subject.name, occurredAt, actor,
                        new Target("hardware", String.valueOf(hw), "MacBook Pro 14", "https://app.example.com/hardware/" + hw),
                        List.of(new Concern("user", subject.id, subject.name)), ip, agent(actor), status,
                        change("assignee", null, subject.id), null, null);
            }
            case 2 -> new Event("employee.created", EventType.CREATED, "people", "Employee " + subject.name + " created",
                    occurredAt, actor, new Target("employee", subject.id, subject.name, "https://app.example.com/people/" + subject.id),
                    List.of(), ip, agent(actor), status, null, metadata(), null);
            // A person views a salary and signs in, never an integration or a job: the description names them.
            case 3 -> new Event("salary.viewed", EventType.READ, "pii-read", person.name + " viewed the salary of " + subject.name,
                    occurredAt, user(person), new Target("employee", subject.id, subject.name, null),
                    List.of(new Concern("user", subject.id, subject.name)), ip != null ? ip : ipOf(person), agent(user(person)), status,
                    null, null, null);
            case 4 -> new Event("user.login", EventType.OTHER, "auth", failed ? "Failed sign-in" : "Signed in", occurredAt,
                    user(person), null, List.of(), pick(IPS), "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)", status, null, null, null);
            default -> new Event("settings.updated", EventType.UPDATED, "settings", "Leave policy updated", occurredAt,
                    actor, new Target("policy", "leave", "Leave policy", null), List.of(), ip, agent(actor), status,
                    change("carry_over_days", 5, 10), null, null);
        };
    }

    /**
     * A deletion: a person deleting a draft invoice, its number and total before in the changes. Apart from
     * {@link #next}, so that the benchmarks' logs keep holding no deletions ({@code event=deleted} is their query that
     * matches nothing) while the demo shows some.
     */
    public Event deletion(Instant occurredAt) {
        Person person = pick(PEOPLE);
        int invoice = 1000 + random.nextInt(9000);
        ObjectNode changes = change("status", "draft", null);
        changes.setAll(change("total", 100 + random.nextInt(9900), null));
        return new Event("invoice.deleted", EventType.DELETED, "billing", "Draft invoice #" + invoice + " deleted", occurredAt,
                user(person), new Target("invoice", String.valueOf(invoice), "Invoice #" + invoice, null), List.of(), ipOf(person),
                agent(user(person)), Event.SUCCESS, changes, metadata(), null);
    }

    private static Actor user(Person person) {
        return new Actor(Actor.USER, person.id, person.name, person.email);
    }

    /** The address a person usually works from (without drawing from the random sequence, which fixes the rest). */
    private static String ipOf(Person person) {
        return IPS.get(Math.floorMod(person.id.hashCode(), IPS.size()));
    }

    private String agent(Actor actor) {
        return actor != null && Actor.USER.equals(actor.type()) ? "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0" : null;
    }

    private ObjectNode metadata() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("request_id", "r-" + Integer.toHexString(random.nextInt()));
        return m;
    }

    private static ObjectNode change(String field, Object oldValue, Object newValue) {
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        ObjectNode c = changes.putObject(field);
        c.set("old", JSON.valueToTree(oldValue));
        c.set("new", JSON.valueToTree(newValue));
        return changes;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
