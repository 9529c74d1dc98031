package io.shrapnel.examples.chat;

/**
 * One line typed by a chat user, parsed: a command ({@code /nick}, {@code /join}, {@code /rooms},
 * {@code /who}, {@code /quit}, {@code /help}), text to say in the current room, or a line that was
 * refused, with the reason.
 */
public sealed interface ChatCommand {
    /** Longest nick or room name. */
    int MAX_NAME = 24;

    record Nick(String name) implements ChatCommand {}

    record Join(String room) implements ChatCommand {}

    record ListRooms() implements ChatCommand {}

    record Who() implements ChatCommand {}

    record Quit() implements ChatCommand {}

    record Help() implements ChatCommand {}

    record Say(String text) implements ChatCommand {}

    /** A line that is no valid command; {@code reason} is shown to the user. */
    record Refused(String reason) implements ChatCommand {}

    /** Parses one line (without its line end). */
    static ChatCommand parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("/")) {
            return trimmed.isEmpty() ? new Refused("empty line (type /help for the commands)") : new Say(trimmed);
        }
        int space = trimmed.indexOf(' ');
        String verb = space < 0 ? trimmed : trimmed.substring(0, space);
        String arg = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return switch (verb) {
            case "/nick" -> named(arg, "nick", Nick::new);
            case "/join" -> named(arg, "room", Join::new);
            case "/rooms" -> noArgument(arg, new ListRooms());
            case "/who" -> noArgument(arg, new Who());
            case "/quit" -> new Quit();
            case "/help" -> new Help();
            default -> new Refused("unknown command " + verb + " (type /help for the commands)");
        };
    }

    /** True for 1 to {@link #MAX_NAME} letters, digits, '-' and '_'. */
    static boolean isName(String s) {
        if (s.isEmpty() || s.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static ChatCommand named(String arg, String what, java.util.function.Function<String, ChatCommand> make) {
        if (!isName(arg)) {
            return new Refused("a " + what + " is 1 to " + MAX_NAME + " letters, digits, '-' or '_', not '" + arg + "'");
        }
        return make.apply(arg);
    }

    private static ChatCommand noArgument(String arg, ChatCommand command) {
        return arg.isEmpty() ? command : new Refused("this command takes no argument");
    }
}
