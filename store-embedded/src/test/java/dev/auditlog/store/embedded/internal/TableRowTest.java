package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRowTest {
    private static final TableRow TILE = new TableRow(TableRow.Table.TILES, new Object[] {text("acme"), 7L, new byte[] {1, 2, 3}});
    private static final TableRow ENTRY = new TableRow(TableRow.Table.ENTRIES, new Object[] {
        text("acme"), 0L, text("0190-id"), 1_700_000_000_000L, text("user.login"), text("login"), text("web"),
        text("success"), text("user"), text("u_1"), null, null, null, text("198.51.100.4"), text("Ada signed in — ✓ 🎉"),
        null, text("{\"salt\":\"00\"}"), new byte[32]
    });

    private static TableRow.Text text(String s) {
        return TableRow.Text.of(s);
    }

    private static ByteBuffer encoded(List<TableRow> rows) {
        TableRow.Buffer out = new TableRow.Buffer(16);
        TableRow.encode(rows, out);
        return out.written();
    }

    @Test
    void rowsDecodeToTheSameTablesAndValues() {
        List<TableRow> decoded = TableRow.decode(encoded(List.of(ENTRY, TILE)));
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).table()).isEqualTo(TableRow.Table.ENTRIES);
        assertThat(decoded.get(0).values()).containsExactly(ENTRY.values());
        assertThat(decoded.get(1).values()).containsExactly(TILE.values());
    }

    @Test
    void valuesEncodedAheadDecodeAsIfTheyHadBeenPlainValues() {
        Object[] v = ENTRY.values();
        TableRow.Encoded middle = TableRow.Encoded.of(java.util.Arrays.copyOfRange(v, 4, 17));
        TableRow row = new TableRow(TableRow.Table.ENTRIES, new Object[] {v[0], v[1], v[2], v[3], middle, v[17]});
        assertThat(encoded(List.of(row))).isEqualTo(encoded(List.of(ENTRY)));
        assertThatThrownBy(() -> new TableRow(TableRow.Table.ENTRIES, new Object[] {v[0], middle}))
                .as("an encoded run counts as the columns it holds").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBufferGrowsPastItsFirstCapacity() {
        String big = "x".repeat(3 << 20);
        TableRow row = new TableRow(TableRow.Table.TILES, new Object[] {text(big), 1L, new byte[0]});
        assertThat(TableRow.decode(encoded(List.of(row))).getFirst().values()[0]).hasToString(big);
    }

    @Test
    void aRowWithTheWrongNumberOfColumnsIsRefused() {
        assertThatThrownBy(() -> new TableRow(TableRow.Table.TILES, new Object[] {"acme"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordCutInsideARowOrWithBytesLeftOverIsMalformed() {
        ByteBuffer whole = encoded(List.of(ENTRY));
        ByteBuffer cut = whole.duplicate().limit(whole.limit() - 5);
        assertThatThrownBy(() -> TableRow.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        ByteBuffer longer = ByteBuffer.allocate(whole.remaining() + 1).put(whole.duplicate()).put((byte) 0).flip();
        assertThatThrownBy(() -> TableRow.decode(longer)).isInstanceOf(IllegalArgumentException.class);
    }
}
