package mle.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files a command writes (JSON, CSV, HTML), and the rules that keep a user's files safe:
 * <ul>
 * <li>no output is the same file as an input or as another output, whatever its spelling (a relative or absolute
 *     path, a symbolic or hard link): checked before any work ({@link #refuseClashes});</li>
 * <li>a regular file is written whole or not at all: to a temporary file beside it, renamed over it at the end, and
 *     the temporary file removed on every way out, a signal included. A symbolic link is followed and its target
 *     replaced, so the link stays;</li>
 * <li>what is not a regular file (a FIFO, a device, {@code /dev/stdout}) is written to, never replaced: renaming a
 *     file over {@code /dev/null} would destroy the system's;</li>
 * <li>{@code -} is standard output.</li>
 * </ul>
 */
final class OutputFiles {
    /** The name that stands for standard output. */
    static final String STANDARD_OUTPUT = "-";

    /** Temporary files being written, removed by the shutdown hook if the JVM is stopped (SIGTERM, SIGINT) meanwhile. */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : IN_PROGRESS) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the next run's removeAbandoned takes it
                }
            }
        }, "mle: remove unfinished outputs"));
    }

    private OutputFiles() {}

    /** What goes into an output, written as text. */
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    static boolean isStandardOutput(Path p) { return p != null && p.toString().equals(STANDARD_OUTPUT); }

    /**
     * The first clash among a command's files, as one sentence for a usage error, or null when there is none: an
     * output that is an input, or two outputs that are the same file. Devices and FIFOs may be named twice
     * ({@code --json /dev/null --predictions /dev/null}); standard output ({@code -}) only once.
     *
     * @param inputs  by the option (or argument) that names them, e.g. "--data", "the model"; null values are skipped
     * @param outputs by option, e.g. "--json"; null values are skipped
     */
    static String clash(Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Named> seen = new ArrayList<>();
        inputs.forEach((option, path) -> {
            Object key = path == null ? null : identity(path);
            if (key != null) seen.add(new Named(option, path, key, true));
        });
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            Path path = out.getValue();
            Object key = path == null ? null : isStandardOutput(path) ? STANDARD_OUTPUT : identity(path);
            if (key == null) continue;
            String option = out.getKey();
            for (Named earlier : seen) {
                if (!earlier.key().equals(key)) continue;
                if (key.equals(STANDARD_OUTPUT)) {
                    return option + " and " + earlier.option() + " both ask for standard output (-): give one of them a file name";
                }
                return option + " " + Main.shown(path) + " is the same file as " + earlier.option() + " " + Main.shown(earlier.path())
                        + (earlier.input() ? ", so writing it would destroy that input" : ", so one output would overwrite the other")
                        + ": give " + option + " another file name";
            }
            seen.add(new Named(option, path, key, false));
        }
        return null;
    }

    /** A file of the command as {@link #clash} compares them: the option that names it, and what makes it that file. */
    private record Named(String option, Path path, Object key, boolean input) {}

    /**
     * What every command that writes files does before any work: refuses a clash ({@link #clash}, exit 64) and an
     * output that could not be written at the end ({@link #checkWritable}, exit 73).
     *
     * @return where the command's own text goes: standard error when an output took standard output ({@code -}),
     *         else {@code out}
     */
    static PrintWriter beforeWork(picocli.CommandLine cl, PrintWriter out, PrintWriter err, Map<String, Path> inputs,
                                  Map<String, Path> outputs) {
        refuseClashes(cl, inputs, outputs);
        outputs.forEach((option, path) -> checkWritable(path, option, err));
        return outputs.values().stream().anyMatch(OutputFiles::isStandardOutput) ? err : out;
    }

    /** Ends the command with a usage error (64) when {@link #clash} finds one. */
    private static void refuseClashes(picocli.CommandLine cl, Map<String, Path> inputs, Map<String, Path> outputs) {
        String clash = clash(inputs, outputs);
        if (clash != null) throw new picocli.CommandLine.ParameterException(cl, clash);
    }

    /**
     * What makes two paths the same file: for an existing regular file, its file key (device and inode, so hard links
     * match) or else its real path; for a file still to be made, the real path of its folder and its name, after
     * following symbolic links. Null for what is not a regular file (a device, a FIFO, a directory): those are
     * written through, and two writers to /dev/null lose nothing.
     */
    private static Object identity(Path p) {
        try {
            Path target = followLinks(p);
            if (Files.exists(target)) {
                BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
                if (!a.isRegularFile() || writesThrough(p)) return null;
                return a.fileKey() != null ? a.fileKey() : target.toRealPath().toString();
            }
            Path folder = target.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder) || target.getFileName() == null) return null;
            return folder.toRealPath().resolve(target.getFileName()).toString();
        } catch (IOException | SecurityException e) {
            return null;   // cannot be looked at: the write that follows says why
        }
    }

    /** The file a path names once its symbolic links are followed (to a file that may not exist yet). */
    private static Path followLinks(Path p) throws IOException {
        Path current = p.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops == 40) throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
            Path link = Files.readSymbolicLink(current);
            current = current.resolveSibling(link).normalize();
        }
        return current;
    }

    /**
     * Under /dev and /proc a name stands for a stream (/dev/stdout, /dev/fd/3, /proc/self/fd/1), even where it
     * resolves to a regular file (a shell's redirection): appended to, never replaced.
     */
    private static boolean writesThrough(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        return absolute.startsWith("/dev") || absolute.startsWith("/proc");
    }

    /**
     * Refuses, before any work, an output that could not be written at the end: a directory, or a file in a folder
     * that does not exist. Exit 73, as a failed write.
     */
    private static void checkWritable(Path target, String option, PrintWriter err) {
        if (target == null || isStandardOutput(target) || writesThrough(target)) return;
        try {
            Path file = followLinks(target);
            if (target.getFileName() == null || target.toString().isBlank() || Files.isDirectory(file)) {
                err.println("mle: cannot write " + Main.shown(target) + ": it is a directory; give a file name for " + option);
                throw new ModelOptions.Exit(Main.CANNOT_CREATE);
            }
            Path dir = file.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                err.println("mle: cannot write " + Main.shown(target) + ": the directory " + Main.shown(dir) + " does not exist");
                throw new ModelOptions.Exit(Main.CANNOT_CREATE);
            }
        } catch (IOException e) {
            err.println("mle: cannot write " + Main.shown(target) + ": " + Main.ioReason(e, target));
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        }
    }

    /**
     * Writes {@code content} to {@code target} (named by the {@code option} that asked for it in messages): standard
     * output for {@code -}, through to a device or FIFO, and otherwise whole or not at all.
     *
     * @param stdout the command's standard output, for {@code -}
     */
    static void write(Path target, String option, Content content, PrintWriter stdout, PrintWriter err) {
        if (isStandardOutput(target)) {
            try {
                Writer keepOpen = new java.io.FilterWriter(stdout) {
                    @Override public void close() { stdout.flush(); }
                };
                content.writeTo(keepOpen);
                stdout.flush();
            } catch (IOException | UncheckedIOException e) {
                err.println("mle: cannot write " + option + " to standard output: " + Main.ioReason(unwrap(e), target));
                throw new ModelOptions.Exit(Main.CANNOT_CREATE);
            }
            return;
        }
        checkWritable(target, option, err);
        Path file;
        try {
            file = followLinks(target);
        } catch (IOException e) {
            err.println("mle: cannot write " + Main.shown(target) + ": " + Main.ioReason(e, target));
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        }
        if (writesThrough(target) || (Files.exists(file) && !Files.isRegularFile(file))) {
            writeThrough(target, content, err);
        } else {
            writeWhole(target, file, content, err);
        }
    }

    /** A device or FIFO: opened for appending, never created, truncated or replaced. */
    private static void writeThrough(Path target, Content content, PrintWriter err) {
        try (Writer w = new OutputStreamWriter(Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                StandardCharsets.UTF_8)) {
            content.writeTo(w);
        } catch (IOException | UncheckedIOException e) {
            err.println("mle: cannot write " + Main.shown(target) + ": " + Main.ioReason(unwrap(e), target));
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        }
    }

    /** A regular file (or one to be made), {@code file} being {@code target} with its links followed. */
    private static void writeWhole(Path target, Path file, Content content, PrintWriter err) {
        Path dir = file.getParent();
        Path temporary = null;
        try {
            removeAbandoned(dir, file);
            temporary = Files.createTempFile(dir, prefix(file) + ProcessHandle.current().pid() + ".", ".tmp");
            IN_PROGRESS.add(temporary);
            try (Writer w = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
            // createTempFile makes the file private (rw-------); a result file is as readable as any other.
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its default permissions
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("mle: cannot write " + Main.shown(target) + ": " + Main.ioReason(unwrap(e), target));
            throw new ModelOptions.Exit(Main.CANNOT_CREATE);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);   // gone already when the rename succeeded
                } catch (IOException ignored) {
                    // the next run's removeAbandoned takes it
                }
                IN_PROGRESS.remove(temporary);
            }
        }
    }

    private static IOException unwrap(Exception e) {
        return e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
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

    /** An ordered map that skips nothing: inputs or outputs by option, built inline. */
    static Map<String, Path> named(Object... optionThenPath) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (int i = 0; i < optionThenPath.length; i += 2) m.put((String) optionThenPath[i], (Path) optionThenPath[i + 1]);
        return m;
    }
}
