package io.clustersync.admin.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextTableTest {

    @Test
    void columnsAreLeftAlignedToTheWidestCell() {
        String text = new TextTable("DB:ID", "NAME", "ID")
                .row("db:1", "sales", "endpoint:1:1")
                .row("db:12", "x", "endpoint:12:1")
                .render();
        assertEquals("DB:ID NAME  ID\n"
                + "db:1  sales endpoint:1:1\n"
                + "db:12 x     endpoint:12:1\n", text);
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable("A", "B").row("only one"));
    }
}
