package io.shrapnel.monitoring.internal.backdoor;

import java.time.Duration;
import java.util.List;

/**
 * What every session of one backdoor shares.
 *
 * @param token the token a TCP client must send first, or null (Unix socket: the file's mode guards it)
 * @param welcome the text a session opens with
 * @param preamble snippets evaluated before the first prompt (imports, the {@code loop} variable)
 * @param classLoader the parent of the loader of snippet classes: the application's
 * @param classPath what snippets are compiled against
 * @param tokenPatience how long a TCP client has to send its token; then it is closed, whatever its
 *     buffers hold
 * @param inputEndGrace how long snippets may still run once the client's input ended; then the one
 *     running is stopped as by Ctrl-C and the session ends
 * @param writeTimeout how long one write to a client that does not read may wait; then the session
 *     is closed
 */
public record SessionSettings(String token, String welcome, List<String> preamble, ClassLoader classLoader,
                              String classPath, Duration tokenPatience, Duration inputEndGrace,
                              Duration writeTimeout) {}
