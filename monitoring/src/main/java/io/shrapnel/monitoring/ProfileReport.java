package io.shrapnel.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command that turns a profiler report into an HTML page:
 * {@code bin/profile-report [report [page.html]]} (default: {@link Profiler#defaultReportFile()}, and
 * the report's name with {@code .html}).
 */
public final class ProfileReport {
    private ProfileReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 2 || (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help")))) {
            System.err.println("usage: profile-report [report-file [page.html]]  (default report: "
                    + Profiler.defaultReportFile() + ")");
            System.exit(2);
        }
        Path report = args.length > 0 ? Path.of(args[0]) : Profiler.defaultReportFile();
        Path page = args.length > 1 ? Path.of(args[1]) : report.resolveSibling(report.getFileName() + ".html");
        Profile p = Profile.read(report);
        Files.writeString(page, p.toHtml(), UTF_8);
        System.out.println("wrote " + page + " (" + p.coros().size() + " coros, " + p.sampleCount() + " samples)");
    }
}
