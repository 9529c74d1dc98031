package io.shrapnel.monitoring.internal.backdoor;

import java.util.List;

/**
 * What every session of one backdoor shares.
 *
 * @param token the token a TCP client must send first, or null (Unix socket: the file's mode guards it)
 * @param welcome the text a session opens with
 * @param preamble snippets evaluated before the first prompt (imports, the {@code loop} variable)
 * @param classLoader the parent of the loader of snippet classes: the application's
 * @param classPath what snippets are compiled against
 */
public record SessionSettings(String token, String welcome, List<String> preamble, ClassLoader classLoader,
                              String classPath) {}
