package mle.compiler.parse;

import mle.grammar.MleParser;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Error recovery by statement: the first syntax error of a statement is reported, the rest of that
 * statement is skipped, and parsing resumes at the next line that starts a statement. ANTLR's default
 * recovery (deleting or inventing single tokens inside a statement) produces follow-on errors that only
 * confuse, e.g. three messages for `y = Normal(μ, σ)`.
 */
final class StatementRecovery extends DefaultErrorStrategy {

    /** Parses a whole model, restarting after each statement with a syntax error; the tree is valid without errors. */
    static MleParser.ModelContext parseModel(MleParser parser) {
        CommonTokenStream tokens = (CommonTokenStream) parser.getInputStream();
        tokens.fill();   // the lexer never fails, and looking ahead for a restart needs every token
        int restart = 0;
        while (true) {
            try {
                return parser.model();
            } catch (ParseCancellationException bail) {
                Token offending = bail.getCause() instanceof RecognitionException e && e.getOffendingToken() != null
                        ? e.getOffendingToken() : tokens.LT(1);
                restart = nextStatement(tokens, restart, Math.max(offending.getTokenIndex(), restart + 1));
                if (tokens.get(restart).getType() == Token.EOF) return null;
                parser.reset();
                tokens.seek(restart);
            }
        }
    }

    /**
     * The index of the first token at or after {@code from} that begins a line, can begin a statement and is
     * outside any `{ }` block opened since {@code start} (where the failed statement began). Models are written
     * one statement a line, so this is where the next statement most likely starts.
     */
    private static int nextStatement(TokenStream tokens, int start, int from) {
        int depth = 0;
        for (int i = start; ; i++) {
            Token t = tokens.get(Math.min(i, tokens.size() - 1));
            if (t.getType() == Token.EOF) return t.getTokenIndex();
            boolean startsLine = i == 0 || tokens.get(i - 1).getLine() < t.getLine();
            if (i >= from && depth <= 0 && startsLine && startsStatement(t.getType())) return i;
            if (t.getType() == MleParser.LBRACE) depth++;
            if (t.getType() == MleParser.RBRACE) depth--;
        }
    }

    private static boolean startsStatement(int type) {
        return type == MleParser.DATA || type == MleParser.PARAM || type == MleParser.RANDOM || type == MleParser.CONST || type == MleParser.LET
                || type == MleParser.IDENTIFIER;
    }

    /** No single-token insertion or deletion: a mismatch is reported as it is, then the statement is skipped. */
    @Override
    public Token recoverInline(Parser recognizer) {
        throw new InputMismatchException(recognizer);
    }

    /** After the error has been reported: abandon the statement (see {@link #parseModel}). */
    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        throw new ParseCancellationException(e);
    }

    /**
     * Only between statements: a token that cannot begin one is an error there, and so is a statement that
     * begins on the line where the previous one ended. Newlines are not part of the grammar, but without this
     * rule `let m = μ +` followed by `y ~ …` on the next line would silently read as `let m = μ` and `+y ~ …`.
     * Inside a statement a loop simply ends at an unexpected token, and the next match reports it.
     */
    @Override
    public void sync(Parser recognizer) {
        if (!(recognizer.getContext() instanceof MleParser.ModelContext)) return;
        Token next = recognizer.getInputStream().LT(1), previous = recognizer.getInputStream().LT(-1);
        boolean sameLine = previous != null && next.getType() != Token.EOF && previous.getLine() == next.getLine();
        if (sameLine || !recognizer.getExpectedTokens().contains(next.getType())) throw new InputMismatchException(recognizer);
    }
}
