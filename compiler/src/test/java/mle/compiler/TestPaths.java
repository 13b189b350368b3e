package mle.compiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the project's folders are, from a test's point of view. */
public final class TestPaths {
    private TestPaths() {}

    /** The checkout's top folder (the one with samples/). */
    public static Path root() {
        String configured = System.getProperty("mle.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples")) && Files.exists(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("cannot find the project's top folder from " + start);
    }

    /** samples/NAME/model.mle for every sample. */
    public static List<Path> sampleModels() {
        try (Stream<Path> dirs = Files.list(root().resolve("samples"))) {
            return dirs.map(d -> d.resolve("model.mle")).filter(Files::exists).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
