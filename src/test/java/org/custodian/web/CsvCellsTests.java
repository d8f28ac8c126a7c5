package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvCellsTests {

    @Test
    void formulaLikeValuesAreNeutralised() {
        assertThat(CsvCells.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvCells.cell("+44")).isEqualTo("'+44");
        assertThat(CsvCells.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvCells.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvCells.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(CsvCells.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
        assertThat(CsvCells.cell("O'Brien")).isEqualTo("O'Brien");
        assertThat(CsvCells.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(CsvCells.cell("Smith, Jo")).isEqualTo("\"Smith, Jo\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvCells.cell(null)).isEmpty();
        assertThat(CsvCells.row(Arrays.asList("a", null, "b,c"))).isEqualTo("a,,\"b,c\"\r\n");
        assertThat(CsvCells.row(List.of())).isEqualTo("\r\n");
    }
}
