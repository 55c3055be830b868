package org.hanedge.sites;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * RFC 4180 rows on Jackson's CSV module, the one place that touches it. Reading yields each record with the line it
 * starts on (a quoted field may span lines); a leading byte order mark, blank lines and (optionally) {@code #} comment
 * lines are skipped, spaces around unquoted fields trimmed, CRLF and LF both end a line. Writing quotes a field that
 * holds a space, a separator, a quote, a line break or other punctuation below {@code ','}, so such a field (a name, a
 * password with a leading space) reads back exactly, while ids ({@code [A-Za-z0-9._-]}) stay unquoted for
 * line-oriented tools.
 */
final class CsvRows {
    /** One record: the line it starts on and its fields. */
    record Row(long line, List<String> fields) {
        Row {
            fields = List.copyOf(fields);
        }

        /** The field at this 0-based position, or "" when the row is shorter. */
        String field(int i) {
            return i < fields.size() ? fields.get(i) : "";
        }
    }

    /** The text is not CSV (a quoted field not closed, ...). */
    static final class MalformedCsv extends Exception {
        private static final long serialVersionUID = 1L;
        private final long line;

        MalformedCsv(long line, String message, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(List.class)
            .with(CsvSchema.emptySchema().withLineSeparator("\n"));

    private CsvRows() {
    }

    /**
     * Every record of the text that holds something, in order (a row of one blank field is a blank line).
     *
     * @param in       the text; left open
     * @param comments whether lines starting with {@code #} are comments
     * @throws IOException  the reader failed (e.g. bytes that are not UTF-8)
     * @throws MalformedCsv the text is not CSV; names the line the broken record starts on
     */
    static List<Row> read(Reader in, boolean comments) throws IOException, MalformedCsv {
        CsvSchema schema = comments ? CsvSchema.emptySchema().withComments() : CsvSchema.emptySchema();
        List<Row> rows = new ArrayList<>();
        long start = 1;
        try (CsvParser p = (CsvParser) MAPPER.getFactory().createParser(withoutBom(in))) {
            p.setSchema(schema);
            List<String> fields = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    fields.clear();
                    start = -1;
                } else if (t == JsonToken.VALUE_STRING) {
                    if (start < 0) {
                        start = p.currentTokenLocation().getLineNr();
                    }
                    fields.add(p.getText());
                } else if (t == JsonToken.END_ARRAY) {
                    if (!blank(fields)) {
                        rows.add(new Row(start, fields));
                    }
                    fields.clear();
                }
            }
        } catch (JsonParseException e) {
            long at = start > 0 ? start : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new MalformedCsv(at, "not valid CSV: " + e.getOriginalMessage(), e);
        }
        return rows;
    }

    private static boolean blank(List<String> fields) {
        return fields.isEmpty() || fields.size() == 1 && fields.get(0).isBlank();
    }

    /** Writes the rows, one a line ({@code \n}); see the class comment for which fields are quoted. */
    static void write(Writer out, List<List<String>> rows) throws IOException {
        for (List<String> row : rows) {
            out.write(WRITER.writeValueAsString(row));
        }
        out.flush();
    }

    private static Reader withoutBom(Reader in) throws IOException {
        PushbackReader p = new PushbackReader(in, 1);
        int first = p.read();
        if (first != -1 && first != '\uFEFF') {
            p.unread(first);
        }
        return p;
    }
}
