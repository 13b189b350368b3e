package mle.compiler.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.SourceFile;
import mle.grammar.MleLexer;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * The documented limits on the tokens of a model, checked before anything parses them: how long a name or a number
 * may be (messages quote them), how many terms a written-out sum may have, and how deeply an expression may nest: the
 * parser, the checker and every later phase recurse over an expression's tree, and this keeps that recursion far
 * from the end of the stack (and the parser from spending minutes on inputs nobody writes). Each bracket, call,
 * power `^` and leading sign adds a level; a long sum or product does not (it is kept shallow).
 */
final class TokenLimits {
    /** Expressions may nest at most this deep: ten times what a model written by a program needs. */
    static final int MAX = 1000;
    /** A name may be at most this long, and a number have at most this many characters: messages quote them. */
    static final int LONGEST_NAME = 256, LONGEST_NUMBER = 100;
    /**
     * A sum or product may have at most this many terms. The parser decides whether a `+` continues a sum or starts
     * the next statement (`-y ~ …`) by looking ahead to the end of the sum, so a sum of n terms costs n² steps: 10⁴
     * terms take under a second, 10⁵ would take a minute. Longer sums belong in a vector and sum() or dot().
     */
    static final int MAX_TERMS = 10_000;

    private TokenLimits() {}

    /** Whether the tokens stay within the limit; reports the first token beyond it otherwise. */
    static boolean check(CommonTokenStream tokens, SourceFile source, Diagnostics diagnostics) {
        tokens.fill();
        // One counter per open bracket: the powers and signs that wrap what follows them inside it.
        // Per open bracket: [0] the powers and signs that wrap what follows them inside it, [1] the terms so far of
        // the sum or product being read in it.
        Deque<int[]> open = new ArrayDeque<>();
        open.push(new int[2]);
        int total = 0;
        Token previous = null;
        for (Token t : tokens.getTokens()) {
            switch (t.getType()) {
                case MleLexer.LPAREN, MleLexer.LBRACKET, MleLexer.LBRACE -> {
                    open.push(new int[2]);
                    total++;
                }
                case MleLexer.RPAREN, MleLexer.RBRACKET, MleLexer.RBRACE -> {
                    if (open.size() > 1) total -= 1 + open.pop()[0];
                }
                case MleLexer.POW -> {
                    open.peek()[0]++;
                    total++;
                }
                case MleLexer.MINUS, MleLexer.PLUS -> {
                    if (endsOperand(previous)) {
                        total -= open.peek()[0];
                        open.peek()[0] = 0;
                        if (++open.peek()[1] >= MAX_TERMS) return tooLong(t, source, diagnostics);
                    } else {
                        open.peek()[0]++;
                        total++;
                    }
                }
                case MleLexer.IDENTIFIER, MleLexer.NUMBER -> {
                    boolean name = t.getType() == MleLexer.IDENTIFIER;
                    int length = t.getText().codePointCount(0, t.getText().length());
                    if (length > (name ? LONGEST_NAME : LONGEST_NUMBER)) {
                        diagnostics.error(SyntaxErrorListener.at(source, t),
                                name ? "this name is " + length + " characters long; a name may have at most " + LONGEST_NAME
                                        : "this number is " + length + " characters long; a number may have at most " + LONGEST_NUMBER,
                                name ? "give it a shorter name" : "write it in scientific notation, e.g. 1.5e300");
                        return false;
                    }
                    int invisible = name ? t.getText().codePoints().filter(mle.compiler.source.DiagnosticRenderer::invisible).findFirst().orElse(-1) : -1;
                    if (invisible >= 0) {
                        diagnostics.error(SyntaxErrorListener.at(source, t), String.format("this name holds the invisible "
                                + "character U+%04X, which would make it look like another name", invisible), "remove it");
                        return false;
                    }
                }
                case MleLexer.TIMES, MleLexer.DIVIDE -> {
                    total -= open.peek()[0];
                    open.peek()[0] = 0;
                    if (++open.peek()[1] >= MAX_TERMS) return tooLong(t, source, diagnostics);
                }
                default -> {
                    total -= open.peek()[0];
                    open.peek()[0] = 0;
                    open.peek()[1] = 0;
                }
            }
            if (total > MAX) {
                diagnostics.error(SyntaxErrorListener.at(source, t),
                        "this expression nests more than " + MAX + " levels deep (each bracket, call, power and leading "
                                + "sign adds one)",
                        "give parts of it names with `let` and use those");
                return false;
            }
            previous = t;
        }
        return true;
    }

    private static boolean tooLong(Token t, SourceFile source, Diagnostics diagnostics) {
        diagnostics.error(SyntaxErrorListener.at(source, t),
                "this sum or product has more than " + MAX_TERMS + " terms",
                "put the terms in a vector and add them with sum(), or multiply and add with dot()");
        return false;
    }

    private static boolean endsOperand(Token t) {
        if (t == null) return false;
        return switch (t.getType()) {
            case MleLexer.IDENTIFIER, MleLexer.NUMBER, MleLexer.RPAREN, MleLexer.RBRACKET -> true;
            default -> false;
        };
    }
}
