package io.shrapnel.codecs.postgres;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One statement of a {@link PgConnection#pipeline pipeline}: SQL with {@code $1, $2...} and its parameters. */
public record Statement(String sql, List<Object> params) {
    public static Statement of(String sql, Object... params) {
        return new Statement(sql, Collections.unmodifiableList(Arrays.asList(params.clone())));
    }
}
