package mle.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes output files (JSON, CSV) whole or not at all: to a temporary file beside the target, then renamed over it.
 */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {}

    /** What goes into the temporary file. */
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    static void write(Path target, Object value, PrintWriter err) {
        writeWhole(target, "--json", file -> MAPPER.writeValue(file.toFile(), value), err);
    }

    /** Writes {@code content} to {@code target}, named by the {@code option} that asked for it in messages. */
    static void writeWhole(Path target, String option, Content content, PrintWriter err) {
        Path dir = target.toAbsolutePath().getParent();
        if (target.getFileName() == null || target.toString().isBlank() || Files.isDirectory(target)) {
            err.println("mle: cannot write " + target + ": it is a directory; give a file name for " + option);
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        }
        if (dir == null || !Files.isDirectory(dir)) {
            err.println("mle: cannot write " + target + ": the directory " + dir + " does not exist");
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        }
        Path temporary = null;
        try {
            removeAbandoned(dir, target);
            temporary = Files.createTempFile(dir, prefix(target) + ProcessHandle.current().pid() + ".", ".tmp");
            content.writeTo(temporary);
            // createTempFile makes the file private (rw-------); a result file is as readable as any other.
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its default permissions
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // nothing more to do: the target was never touched
                }
            }
            err.println("mle: cannot write " + target + ": " + Main.ioReason(e, target));
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        }
    }

    /** Temporary files are named .TARGET.PID.RANDOM.tmp, so that a later run can tell whose they are. */
    private static String prefix(Path target) { return "." + target.getFileName() + "."; }

    /**
     * Deletes the temporary files of this target left by runs that no longer exist (killed before they could
     * clean up); those of a run still writing are left alone.
     */
    private static void removeAbandoned(Path dir, Path target) {
        String prefix = prefix(target);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
                String rest = name.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) continue;
                try {
                    long pid = Long.parseLong(rest.substring(0, dot));
                    if (ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(p);
                } catch (NumberFormatException | IOException ignored) {
                    // not one of ours, or already gone
                }
            }
        } catch (IOException ignored) {
            // the write that follows reports a directory that cannot be used
        }
    }

    /** Non-finite numbers become null, since JSON has no NaN. */
    static Object number(double v) { return Double.isFinite(v) ? v : null; }
}
