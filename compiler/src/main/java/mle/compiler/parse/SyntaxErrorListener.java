package mle.compiler.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import mle.compiler.source.Diagnostics;
import mle.compiler.source.SourceFile;
import mle.compiler.source.Span;
import mle.grammar.MleLexer;
import mle.grammar.MleParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's token lists into sentences: "unexpected `=`; expected an expression", and adds a hint for
 * the mistakes people actually make (`>=` in a bound, `=` for `~`, a missing `)` or `,`). ANTLR's own
 * message text is never shown. With {@link StatementRecovery} it sees one error per statement.
 */
final class SyntaxErrorListener extends BaseErrorListener {
    private static final Set<Integer> OPERATORS = Set.of(MleParser.POW, MleParser.PLUS, MleParser.MINUS,
            MleParser.TIMES, MleParser.DIVIDE);
    private static final Set<Integer> KEYWORDS = Set.of(MleParser.MODEL, MleParser.DATA, MleParser.PARAM,
            MleParser.CONST, MleParser.LET, MleParser.IN);

    private final SourceFile source;
    private final Diagnostics diagnostics;

    SyntaxErrorListener(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /** The problem at one token, with the tokens around it. */
    private record Site(Token token, Token previous, IntervalSet expected, ParserRuleContext context,
                        RecognitionException exception, Token opener, TokenStream tokens) {
        int type() { return token.getType(); }

        boolean after(int previousType) { return previous != null && previous.getType() == previousType; }

        boolean expects(int type) { return expected != null && expected.contains(type); }

        /** The token follows the previous one with no space between, as the `=` of `>=`. */
        boolean touchesPrevious() { return previous != null && previous.getStopIndex() + 1 == token.getStartIndex(); }
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String antlrMessage, RecognitionException e) {
        if (!(offendingSymbol instanceof Token token) || !(recognizer instanceof Parser parser)) {
            // The lexer never fails: stray characters become UNEXPECTED_CHARACTER tokens for the parser.
            return;
        }
        TokenStream tokens = parser.getInputStream();
        Token previous = token.getTokenIndex() > 0 ? tokens.get(token.getTokenIndex() - 1) : null;
        ParserRuleContext context = e != null && e.getCtx() instanceof ParserRuleContext c ? c : parser.getContext();
        IntervalSet expected = expectedTokens(parser, e);
        Site site = new Site(token, previous, expected, context, e, unclosedOpener(tokens, token, context), tokens);
        report(site);
    }

    private void report(Site s) {
        String found = "`" + s.token().getText() + "`";
        switch (s.type()) {
            case MleLexer.UNEXPECTED_CHARACTER -> diagnostics.error(at(s.token()), found + " is not part of the mle language",
                    hintForCharacter(s.token().getText()));
            case Token.EOF -> diagnostics.error(afterPrevious(s), "the file ends in the middle of a statement"
                            + expectedPhrase(s, "; expected "),
                    s.opener() != null ? "finish the statement and close " + describe(s, s.opener()) + " with `"
                            + closing(s.opener()) + "`" : "finish the last statement, or remove it");
            default -> {
                if (s.type() == MleParser.EQUALS && s.touchesPrevious() && (s.after(MleParser.GREATER) || s.after(MleParser.LESS))) {
                    boundWithEquals(s);
                } else if (s.type() == MleParser.EQUALS && isTargetOfSampling(s)) {
                    String target = textBetween(s.context().start, s.previous());
                    diagnostics.error(at(s.token()), "unexpected `=`; a likelihood or prior is written with `~`",
                            "write `" + target + " ~ Distribution(…)`" + (isName(target) ? "; to name a computed value, write `let "
                                    + target + " = …`" : ""));
                } else if (s.previous() != null && s.token().getLine() > s.previous().getLine() && !atStatementLevel(s)) {
                    // The statement stopped at the end of a line: the place to fix is there, not on the next line.
                    diagnostics.error(afterPrevious(s), (s.opener() != null && s.expects(closingType(s.opener()))
                                    ? describe(s, s.opener()) + " is not closed: expected `" + closing(s.opener()) + "`"
                                    : "the statement is incomplete: expected " + expectedPhrase(s, ""))
                                    + " after `" + s.previous().getText() + "`",
                            s.opener() != null ? "close " + describe(s, s.opener()) + " with `" + closing(s.opener()) + "`" : null);
                } else if (atStatementLevel(s) && s.previous() != null && s.token().getLine() == s.previous().getLine()) {
                    diagnostics.error(at(s.token()), "unexpected " + found + " after the end of a statement",
                            "remove it, or start the next statement on a new line");
                } else {
                    diagnostics.error(at(s.token()), "unexpected " + found + expectedPhrase(s, "; expected "), hintForToken(s));
                }
            }
        }
    }

    /** `param σ >= 0`: bounds are strict. */
    private void boundWithEquals(Site s) {
        String op = s.previous().getText();
        Token value = s.tokens().get(s.token().getTokenIndex() + 1);
        String bound = value.getType() == MleParser.NUMBER || value.getType() == MleParser.IDENTIFIER ? " " + value.getText() : "";
        diagnostics.error(span(s.previous(), s.token()), "`" + op + "=` cannot be used in a constraint; bounds are strict",
                "write `" + op + bound + "`: a constrained parameter is estimated strictly inside its bounds");
    }

    /** `y = Normal(…)`: the parser sees a statement that begins with an expression and has no `~`. */
    private static boolean isTargetOfSampling(Site s) {
        if (s.context() instanceof MleParser.StatementContext && s.exception() instanceof NoViableAltException) return true;
        return s.expects(MleParser.TILDE) && s.context() != null && s.context().start != null;
    }

    private static boolean within(ParserRuleContext context, Class<? extends ParserRuleContext> rule) {
        for (ParserRuleContext c = context; c != null; c = c.getParent()) if (rule.isInstance(c)) return true;
        return false;
    }

    private static boolean atStatementLevel(Site s) { return s.context() instanceof MleParser.ModelContext; }

    private String hintForToken(Site s) {
        Token t = s.token();
        if (KEYWORDS.contains(t.getType()) && !s.expects(t.getType())) {
            return "`" + t.getText() + "` is a keyword and cannot be used as a name";
        }
        if (t.getType() == MleParser.TIMES && s.after(MleParser.TIMES) && s.touchesPrevious()) {
            return "a power is written with `^`, as in `x^2`";
        }
        if (within(s.context(), MleParser.SamplingContext.class) && s.expects(MleParser.IDENTIFIER) && s.after(MleParser.TILDE)) {
            return "name a distribution after `~`, as in `y ~ Normal(μ, σ)`";
        }
        boolean valueThenValue = s.previous() != null && endsValue(s.previous().getType()) && startsValue(t.getType());
        boolean inCall = s.opener() != null && s.opener().getType() == MleParser.LPAREN && followsName(s, s.opener());
        if (valueThenValue && (s.expects(MleParser.RPAREN) || s.expects(MleParser.RBRACKET) || s.expects(MleParser.TILDE)
                || s.expects(MleParser.COMMA) || s.expects(MleParser.PLUS))) {
            String between = " between `" + s.previous().getText() + "` and `" + t.getText() + "`";
            return inCall ? "is a `,` or an operator missing" + between + "?" : "is an operator missing" + between + "?";
        }
        if (s.opener() != null && s.expects(closingType(s.opener())) && t.getType() != closingType(s.opener())) {
            return "close " + describe(s, s.opener()) + " with `" + closing(s.opener()) + "` before " + "`" + t.getText() + "`";
        }
        if (s.context() instanceof MleParser.StatementContext && s.exception() instanceof NoViableAltException nva
                && functionHead(s, nva.getStartToken())) {
            return "a function is written `f(x; a, b) = …`: is `=` missing before `" + t.getText() + "`?";
        }
        if (s.expected() != null && s.expected().size() == 1 && tokenText(s.expected().getMinElement()) != null) {
            return "is `" + tokenText(s.expected().getMinElement()) + "` missing before `" + t.getText() + "`?";
        }
        return null;
    }

    private static String hintForCharacter(String text) {
        return switch (text) {
            case "≥", "≤" -> "bounds are strict: write `>` or `<`, as in `param σ > 0`";
            case "%", "&", "|", "!", "?" -> "mle has arithmetic (+ - * / ^) and functions, not this operator";
            case "\"", "'" -> "mle has no strings; names need no quotes";
            case ":" -> "a function is written `f(x; a, b) = …`, with `;` between inputs and parameters";
            default -> "remove it";
        };
    }

    // ---- what was expected --------------------------------------------------------------------

    private static IntervalSet expectedTokens(Parser parser, RecognitionException e) {
        if (e != null && e.getExpectedTokens() != null) return e.getExpectedTokens();
        return parser.getExpectedTokens();
    }

    /** The expected tokens as a phrase after {@code prefix}, or "" when there is nothing useful to say. */
    private static String expectedPhrase(Site s, String prefix) {
        // At a statement whose start the parser could not decide, ANTLR offers the tokens that start a statement.
        if (s.context() instanceof MleParser.StatementContext && s.exception() instanceof NoViableAltException nva
                && nva.getStartToken() != s.token()) {
            return prefix + (functionHead(s, nva.getStartToken()) ? "`=`, `~` or an operator" : "`~` or an operator");
        }
        String what = describeExpected(s.expected(), s.context());
        return what == null ? "" : prefix + what;
    }

    /** A phrase for what the parser could accept, in the language's terms rather than token names. */
    private static String describeExpected(IntervalSet expected, ParserRuleContext context) {
        if (expected == null || expected.isNil()) return null;
        List<String> parts = new ArrayList<>();
        boolean statement = expected.contains(MleParser.DATA) && expected.contains(MleParser.PARAM);
        boolean expression = expected.contains(MleParser.NUMBER) && expected.contains(MleParser.IDENTIFIER);
        if (statement) parts.add("a statement (data, param, const, let, a function, or a `~` statement)");
        else if (expression) parts.add("an expression");
        else if (expected.contains(MleParser.IDENTIFIER)) {
            parts.add(within(context, MleParser.SamplingContext.class) ? "a distribution name" : "a name");
        }
        long operators = expected.toList().stream().filter(OPERATORS::contains).count();
        for (int type : expected.toList()) {
            if (type == Token.EOF || type == MleParser.NUMBER || type == MleParser.IDENTIFIER) continue;
            if (statement && KEYWORDS.contains(type)) continue;
            if ((statement || expression) && (type == MleParser.MINUS || type == MleParser.PLUS
                    || type == MleParser.LPAREN || type == MleParser.LBRACKET)) continue;
            if (operators > 1 && OPERATORS.contains(type)) continue;
            String text = tokenText(type);
            if (text != null) parts.add("`" + text + "`");
        }
        if (operators > 1 && !statement && !expression) parts.add("an operator");
        if (parts.isEmpty()) return null;
        if (parts.size() == 1) return parts.getFirst();
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.getLast();
    }

    private static String tokenText(int type) {
        String literal = MleParser.VOCABULARY.getLiteralName(type);
        if (literal != null) return literal.substring(1, literal.length() - 1);
        return switch (type) {
            case MleParser.MINUS -> "-";
            case MleParser.TIMES -> "*";
            case MleParser.DIVIDE -> "/";
            default -> null;
        };
    }

    // ---- brackets -----------------------------------------------------------------------------

    /** The innermost `(`, `[` or `{` of the current statement still open before {@code token}, or null. */
    private static Token unclosedOpener(TokenStream tokens, Token token, ParserRuleContext context) {
        ParserRuleContext c = context;
        while (c != null && !(c instanceof MleParser.StatementContext)) c = c.getParent();
        if (c == null || c.start == null) return null;
        Deque<Token> open = new ArrayDeque<>();
        for (int i = c.start.getTokenIndex(); i < token.getTokenIndex(); i++) {
            Token t = tokens.get(i);
            switch (t.getType()) {
                case MleParser.LPAREN, MleParser.LBRACKET, MleParser.LBRACE -> open.push(t);
                case MleParser.RPAREN, MleParser.RBRACKET, MleParser.RBRACE -> { if (!open.isEmpty()) open.pop(); }
                default -> { }
            }
        }
        return open.peek();
    }

    private static int closingType(Token opener) {
        return switch (opener.getType()) {
            case MleParser.LBRACKET -> MleParser.RBRACKET;
            case MleParser.LBRACE -> MleParser.RBRACE;
            default -> MleParser.RPAREN;
        };
    }

    private static String closing(Token opener) { return tokenText(closingType(opener)); }

    /** "`Normal(` on line 5" or "`(` at column 20", seen from where the error is. */
    private String describe(Site s, Token opener) {
        Token name = opener.getTokenIndex() > 0 ? s.tokens().get(opener.getTokenIndex() - 1) : null;
        boolean call = name != null && name.getType() == MleParser.IDENTIFIER && name.getStopIndex() + 1 == opener.getStartIndex();
        int caretLine = s.type() == Token.EOF || s.previous() != null && s.token().getLine() > s.previous().getLine()
                ? (s.previous() == null ? 1 : s.previous().getLine()) : s.token().getLine();
        String where = opener.getLine() != caretLine ? " on line " + opener.getLine() : " at column " + at(opener).column();
        return "`" + (call ? name.getText() : "") + opener.getText() + "`" + where;
    }

    // ---- spans and token classes --------------------------------------------------------------

    private Span at(Token t) {
        int start = source.charOffset(t.getStartIndex());
        return source.span(start, source.charOffset(t.getStopIndex() + 1));
    }

    private Span span(Token first, Token last) {
        return source.span(source.charOffset(first.getStartIndex()), source.charOffset(last.getStopIndex() + 1));
    }

    /** Just after the previous token: where the missing piece goes. */
    private Span afterPrevious(Site s) {
        if (s.previous() == null) return source.span(0, Math.min(1, source.text().length()));
        int end = source.charOffset(s.previous().getStopIndex() + 1);
        return source.span(end, end);
    }

    private String textBetween(Token first, Token last) {
        if (first == null || last == null || last.getTokenIndex() < first.getTokenIndex()) return "y";
        return source.text().substring(source.charOffset(first.getStartIndex()), source.charOffset(last.getStopIndex() + 1));
    }

    private static boolean isName(String text) { return text.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_'); }

    /** `f(…)` right before the token: a function head, which `=` would complete. */
    private static boolean functionHead(Site s, Token start) {
        return start.getType() == MleParser.IDENTIFIER && s.previous() != null && s.previous().getType() == MleParser.RPAREN
                && s.tokens().get(start.getTokenIndex() + 1).getType() == MleParser.LPAREN;
    }

    private static boolean followsName(Site s, Token opener) {
        return opener.getTokenIndex() > 0 && s.tokens().get(opener.getTokenIndex() - 1).getType() == MleParser.IDENTIFIER;
    }

    private static boolean endsValue(int type) {
        return type == MleParser.IDENTIFIER || type == MleParser.NUMBER || type == MleParser.RPAREN || type == MleParser.RBRACKET;
    }

    private static boolean startsValue(int type) {
        return type == MleParser.IDENTIFIER || type == MleParser.NUMBER || type == MleParser.LPAREN;
    }
}
