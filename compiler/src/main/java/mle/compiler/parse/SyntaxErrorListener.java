package mle.compiler.parse;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.SourceFile;
import mle.grammar.MleLexer;
import mle.grammar.MleParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Turns ANTLR's token lists into sentences: "unexpected `=`; expected an expression". */
final class SyntaxErrorListener extends BaseErrorListener {
    private final SourceFile source;
    private final Diagnostics diagnostics;

    SyntaxErrorListener(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String antlrMessage, RecognitionException e) {
        if (!(offendingSymbol instanceof Token token)) {
            // The lexer never fails: stray characters become UNEXPECTED_CHARACTER tokens for the parser.
            return;
        }
        int start = token.getType() == Token.EOF ? Math.max(0, source.text().length() - 1) : source.charOffset(token.getStartIndex());
        int end = token.getType() == Token.EOF ? source.text().length() : source.charOffset(token.getStopIndex() + 1);
        IntervalSet expected = recognizer instanceof Parser parser ? expectedTokens(parser, e) : null;
        String what = describeExpected(expected);
        String message;
        String hint = null;
        switch (token.getType()) {
            case Token.EOF -> {
                message = "the file ends in the middle of a statement" + (what == null ? "" : "; expected " + what);
                hint = "finish the last statement or remove it";
            }
            case MleLexer.UNEXPECTED_CHARACTER -> {
                message = "`" + token.getText() + "` is not part of the mle language";
                hint = hintForCharacter(token.getText());
            }
            default -> {
                message = "unexpected `" + token.getText() + "`" + (what == null ? "" : "; expected " + what);
                hint = hintForToken(token, expected);
            }
        }
        diagnostics.error(source.span(start, end), message, hint);
    }

    private static IntervalSet expectedTokens(Parser parser, RecognitionException e) {
        if (e != null && e.getExpectedTokens() != null) return e.getExpectedTokens();
        return parser.getExpectedTokens();
    }

    /** A short phrase for what the parser could accept, in the language's terms rather than token names. */
    private static String describeExpected(IntervalSet expected) {
        if (expected == null || expected.isNil()) return null;
        List<String> parts = new ArrayList<>();
        boolean statement = expected.contains(MleParser.DATA) && expected.contains(MleParser.PARAM);
        boolean expression = expected.contains(MleParser.NUMBER) && expected.contains(MleParser.IDENTIFIER);
        if (statement) parts.add("a statement (data, param, const, let, a function, or a `~` statement)");
        else if (expression) parts.add("an expression");
        else if (expected.contains(MleParser.IDENTIFIER)) parts.add("a name");
        for (int type : expected.toList()) {
            if (type == Token.EOF || type == MleParser.NUMBER || type == MleParser.IDENTIFIER) continue;
            if (statement && type >= MleParser.MODEL && type <= MleParser.LET) continue;
            if ((statement || expression) && (type == MleParser.MINUS || type == MleParser.PLUS
                    || type == MleParser.LPAREN || type == MleParser.LBRACKET)) continue;
            String literal = MleParser.VOCABULARY.getLiteralName(type);
            if (literal != null) parts.add("`" + literal.substring(1, literal.length() - 1) + "`");
            else if (type == MleParser.MINUS) parts.add("`-`");
            else if (type == MleParser.TIMES) parts.add("`*`");
            else if (type == MleParser.DIVIDE) parts.add("`/`");
        }
        if (parts.isEmpty()) return null;
        if (parts.size() > 6) parts = parts.subList(0, 6);
        if (parts.size() == 1) return parts.getFirst();
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.getLast();
    }

    private static String hintForCharacter(String text) {
        return switch (text) {
            case "=" -> null;
            case "≥", "≤" -> "constraints are strict: write `> 0`, `< 1` or `in (0, 1)`";
            case "%", "&", "|", "!", "?" -> "mle has arithmetic (+ - * / ^) and functions, not this operator";
            case "\"", "'" -> "mle has no strings; names need no quotes";
            default -> "remove it, or check the file is the model you meant";
        };
    }

    private static String hintForToken(Token token, IntervalSet expected) {
        String text = token.getText();
        if (text.equals("=") && expected != null && expected.contains(MleParser.TILDE)) {
            return "a likelihood or prior is written with `~`, as in `y ~ Normal(μ, σ)`";
        }
        if (text.equals("=") && expected != null && expected.contains(MleParser.IDENTIFIER)
                && !expected.contains(MleParser.TILDE)) {
            return "bounds are strict: write `> 0` rather than `>= 0`";
        }
        return null;
    }
}
