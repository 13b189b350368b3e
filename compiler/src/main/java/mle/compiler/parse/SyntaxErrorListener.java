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
            MleParser.RANDOM, MleParser.CONST, MleParser.LET, MleParser.IN);

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
            case Token.EOF -> {
                if (s.opener() != null && s.expects(closingType(s.opener())) && s.previous() != null) {
                    notClosed(s);
                    return;
                }
                diagnostics.error(afterPrevious(s), "the file ends in the middle of a statement" + expectedPhrase(s, "; expected "),
                        s.opener() != null ? "finish the statement and close " + describe(s, s.opener()) + " with `"
                                + closing(s.opener()) + "`" : "finish the last statement, or remove it");
            }
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
                    if (s.opener() != null && s.expects(closingType(s.opener()))) {
                        notClosed(s);
                    } else {
                        diagnostics.error(afterPrevious(s), "the statement is incomplete: expected " + expectedPhrase(s, "")
                                        + " after `" + operandBefore(s) + "`",
                                s.after(MleParser.MODEL) ? "name the model, as in `model LinearRegression`, or remove the line"
                                        : "finish the statement, or remove it");
                    }
                } else if (atStatementLevel(s) && s.previous() != null && s.token().getLine() == s.previous().getLine()) {
                    afterStatement(s);
                } else if (atStatementLevel(s)) {
                    diagnostics.error(at(s.token()), "unexpected " + found + expectedPhrase(s, "; expected "), "remove it");
                } else {
                    diagnostics.error(at(s.token()), "unexpected " + found + expectedPhrase(s, "; expected "), hintForToken(s));
                }
            }
        }
    }

    /** A bracket still open where the statement stops, at the end of a line or of the file. */
    private void notClosed(Site s) {
        String after = " after `" + operandBefore(s) + "`";
        diagnostics.error(afterPrevious(s), describe(s, s.opener()) + " is not closed: expected `" + closing(s.opener()) + "`" + after,
                "add `" + closing(s.opener()) + "`" + after);
    }

    /** A token on the line where a complete statement ended. */
    private void afterStatement(Site s) {
        Token t = s.token(), p = s.previous();
        int i = p.getTokenIndex();
        Token beforePrevious = i > 0 ? s.tokens().get(i - 1) : null;
        Token following = s.tokens().get(t.getTokenIndex() + 1);
        if (beforePrevious != null && beforePrevious.getLine() < p.getLine()) {
            // `param σ >` then `y ~ …` below: the unfinished statement took `y` from the next line.
            int end = source.charOffset(beforePrevious.getStopIndex() + 1);
            diagnostics.error(source.span(end, end), "the statement on line " + beforePrevious.getLine() + " is incomplete after `"
                    + beforePrevious.getText() + "`", "complete it; `" + p.getText() + "` on the next line was read as its continuation");
        } else if ((t.getType() == MleParser.LBRACKET || t.getType() == MleParser.LPAREN) && s.touchesPrevious()
                && unclosedOnLine(s.tokens(), t) != null) {
            // `param β[3` with no `]`: the parser gave up on the bracket and ended the statement before it.
            Token last = unclosedOnLine(s.tokens(), t);
            int end = source.charOffset(last.getStopIndex() + 1);
            String close = t.getType() == MleParser.LBRACKET ? "]" : ")";
            diagnostics.error(source.span(end, end), "`" + p.getText() + t.getText() + "` is not closed: expected `" + close
                    + "` after `" + last.getText() + "`", "add `" + close + "` after `" + last.getText() + "`");
        } else if (OPERATORS.contains(t.getType()) && (following.getType() == Token.EOF || following.getLine() > t.getLine())) {
            diagnostics.error(at(t), "`" + t.getText() + "` ends the line with nothing after it",
                    "complete the expression, or remove the `" + t.getText() + "`");
        } else if (t.getType() == MleParser.IDENTIFIER || KEYWORDS.contains(t.getType())) {
            diagnostics.error(at(t), "a new statement must start on its own line", "put a line break before `" + t.getText() + "`");
        } else {
            diagnostics.error(at(t), "unexpected `" + t.getText() + "` after the end of a statement",
                    "remove it, or start the next statement on a new line");
        }
    }

    /** The last token on the line of {@code opener} when the bracket it opens is not closed on that line, else null. */
    private static Token unclosedOnLine(TokenStream tokens, Token opener) {
        int depth = 0;
        Token last = opener;
        for (int i = opener.getTokenIndex(); i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getType() == Token.EOF || t.getLine() != opener.getLine()) break;
            if (t.getType() == MleParser.LBRACKET || t.getType() == MleParser.LPAREN) depth++;
            if (t.getType() == MleParser.RBRACKET || t.getType() == MleParser.RPAREN) depth--;
            last = t;
        }
        return depth > 0 ? last : null;
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
        if (s.opener() != null || s.context() == null || s.context().start == null) return false;   // `f(z=; …`
        return s.context() instanceof MleParser.StatementContext && s.exception() instanceof NoViableAltException
                || s.expects(MleParser.TILDE);
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
        if (s.context() instanceof MleParser.StatementContext && s.exception() instanceof NoViableAltException nva
                && functionHead(s, nva.getStartToken())) {
            return "a function is written `f(x; a, b) = …`: is `=` missing before `" + t.getText() + "`?";
        }
        if (t.getType() == MleParser.EQUALS && s.after(MleParser.EQUALS) && s.touchesPrevious()) {
            return "mle has no comparisons; `=` only names an argument or defines a value";
        }
        if (t.getType() == MleParser.SEMICOLON && within(s.context(), MleParser.SamplingContext.class)) {
            return "separate a distribution's arguments with `,`; `;` only separates a function's inputs from its parameters";
        }
        if (s.previous() != null && s.previous().getType() == MleParser.MODEL) {
            return "name the model, as in `model LinearRegression`, or remove the line";
        }
        boolean valueThenValue = s.previous() != null && endsValue(s.previous().getType()) && startsValue(t.getType());
        boolean inCall = s.opener() != null && s.opener().getType() == MleParser.LPAREN && followsName(s, s.opener());
        boolean operators = s.expects(MleParser.PLUS) || s.expects(MleParser.TIMES) || s.expects(MleParser.POW);
        if (valueThenValue && (operators || s.expects(MleParser.RPAREN) || s.expects(MleParser.RBRACKET)
                || s.expects(MleParser.TILDE) || s.expects(MleParser.COMMA))) {
            String between = " between `" + s.previous().getText() + "` and `" + t.getText() + "`";
            String missing = s.expects(MleParser.COMMA) && !operators ? "a `,`" : inCall ? "a `,` or an operator" : "an operator";
            return "is " + missing + " missing" + between + "?";
        }
        boolean closer = t.getType() == MleParser.RPAREN || t.getType() == MleParser.RBRACKET || t.getType() == MleParser.RBRACE;
        if (closer && s.opener() != null && t.getType() != closingType(s.opener())) {
            return "`" + s.opener().getText() + "` is closed with `" + closing(s.opener()) + "`, not `" + t.getText() + "`";
        }
        if (s.opener() != null && s.expects(closingType(s.opener())) && t.getType() != closingType(s.opener())) {
            return "close " + describe(s, s.opener()) + " with `" + closing(s.opener()) + "` before " + "`" + t.getText() + "`";
        }
        if (s.expected() != null && s.expected().size() == 1 && s.expects(MleParser.EQUALS)) {
            return "is `=` missing before `" + t.getText() + "`?";
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
        if (statement) parts.add("a statement (data, param, random, const, let, a function, or a `~` statement)");
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
        String where = opener.getLine() != caretLine ? " on line " + opener.getLine() : " at column " + at(call ? name : opener).column();
        return "`" + (call ? name.getText() : "") + opener.getText() + "`" + where;
    }

    /** The operand that ends at the previous token, e.g. `exp(logRate)` rather than just `)`, when it is short. */
    private String operandBefore(Site s) {
        Token last = s.previous();
        int close = last.getType(), i = last.getTokenIndex();
        if (close != MleParser.RPAREN && close != MleParser.RBRACKET) return last.getText();
        int depth = 0;
        for (; i >= 0; i--) {
            int type = s.tokens().get(i).getType();
            if (type == MleParser.RPAREN || type == MleParser.RBRACKET) depth++;
            if (type == MleParser.LPAREN || type == MleParser.LBRACKET) depth--;
            if (depth == 0) break;
        }
        if (i > 0 && s.tokens().get(i - 1).getType() == MleParser.IDENTIFIER) i--;
        String text = i < 0 ? last.getText() : textBetween(s.tokens().get(i), last);
        return text.length() <= 30 && !text.contains("\n") ? text : last.getText();
    }

    // ---- spans and token classes --------------------------------------------------------------

    private Span at(Token t) { return at(source, t); }

    /** Where a token is in its source file. */
    static Span at(SourceFile source, Token t) {
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
