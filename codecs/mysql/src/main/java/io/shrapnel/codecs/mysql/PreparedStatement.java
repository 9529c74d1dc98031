package io.shrapnel.codecs.mysql;

import java.util.List;

/**
 * A statement prepared on one connection (COM_STMT_PREPARE): its server-side id, how many
 * {@code ?} parameters it takes and the columns it returns. Run it with
 * {@link MySqlConnection#execute(PreparedStatement, Object...)}; {@link MySqlConnection#execute(String, Object...)}
 * prepares and caches statements by their SQL for you.
 */
public record PreparedStatement(String sql, long id, int parameterCount, List<Column> columns) {}
