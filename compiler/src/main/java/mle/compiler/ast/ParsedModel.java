package mle.compiler.ast;

import java.util.List;
import mle.compiler.source.SourceFile;

/** A parsed model file. {@code name} is null when the file has no `model` header. */
public record ParsedModel(SourceFile source, Identifier name, List<Statement> statements) {}
