package io.shrapnel.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The command that turns a profiler report into an HTML page:
 * {@code bin/profile-report [report [page.html]]} (default: {@link Profiler#defaultReportFile()}, and
 * the report's name with {@code .html}). A report that is missing, unreadable or not a report is
 * said in one line on stderr, with exit code 1.
 */
public final class ProfileReport {
    private ProfileReport() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command; returns its exit code: 0, 1 (the report or page could not be read or written), 2 (usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 2 || (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help")))) {
            err.println("usage: profile-report [report-file [page.html]]  (default report: "
                    + Profiler.defaultReportFile() + ")");
            return 2;
        }
        Path report = args.length > 0 ? Path.of(args[0]) : Profiler.defaultReportFile();
        Path page = args.length > 1 ? Path.of(args[1]) : report.resolveSibling(report.getFileName() + ".html");
        Profile p;
        try {
            p = Profile.read(report);
        } catch (NoSuchFileException e) {
            err.println("profile-report: no such file: " + report);
            return 1;
        } catch (AccessDeniedException e) {
            err.println("profile-report: cannot read " + report + " (permission denied)");
            return 1;
        } catch (IOException e) {
            err.println("profile-report: cannot read " + report + ": " + firstLine(e));
            return 1;
        }
        try {
            Files.writeString(page, p.toHtml(), UTF_8);
        } catch (IOException e) {
            err.println("profile-report: cannot write " + page + ": " + firstLine(e));
            return 1;
        }
        out.println("wrote " + page + " (" + p.coros().size() + " coros, " + p.sampleCount() + " samples)");
        return 0;
    }

    private static String firstLine(IOException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
