package mle.compiler.parse;

import mle.compiler.ast.ParsedModel;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.SourceFile;
import mle.grammar.MleLexer;
import mle.grammar.MleParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** SourceFile → AST. Reports every syntax error; returns null when there was any. */
public final class ModelParser {
    private ModelParser() {}

    public static ParsedModel parse(SourceFile source, Diagnostics diagnostics) {
        MleParser parser = parser(source, diagnostics);
        if (!TokenLimits.check((CommonTokenStream) parser.getTokenStream(), source, diagnostics)) return null;
        int before = diagnostics.errorCount();
        MleParser.ModelContext tree = StatementRecovery.parseModel(parser);
        if (diagnostics.errorCount() > before) return null;
        return new AstBuilder(source).model(tree);
    }

    private static MleParser parser(SourceFile source, Diagnostics diagnostics) {
        MleLexer lexer = new MleLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        MleParser parser = new MleParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrorListener(source, diagnostics));
        parser.setErrorHandler(new StatementRecovery());
        return parser;
    }
}
