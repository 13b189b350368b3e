package mle.compiler.parse;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ast.Expr;
import mle.compiler.ast.Identifier;
import mle.compiler.ast.ParsedModel;
import mle.compiler.ast.Statement;
import mle.compiler.source.SourceFile;
import mle.compiler.source.Span;
import mle.grammar.MleParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Parse tree → immutable AST with spans. Only called on trees without syntax errors. */
final class AstBuilder {
    private final SourceFile source;

    AstBuilder(SourceFile source) { this.source = source; }

    ParsedModel model(MleParser.ModelContext ctx) {
        Identifier name = ctx.header() == null ? null : identifier(ctx.header().name);
        List<Statement> statements = new ArrayList<>();
        for (MleParser.StatementContext s : ctx.statement()) {
            if (s instanceof MleParser.ParamDeclarationContext p) statements.addAll(params(p));
            else statements.add(statement(s));
        }
        return new ParsedModel(source, name, statements);
    }

    /**
     * One declaration per constraint: `param σ > 0, ν > 2` becomes two, while in `param a, b > 0` the
     * constraint written after the last of several otherwise unconstrained names applies to all of them.
     */
    private List<Statement> params(MleParser.ParamDeclarationContext p) {
        List<MleParser.ParamItemContext> items = p.paramItem();
        boolean shared = items.size() > 1 && items.getLast().constraint() != null
                && items.subList(0, items.size() - 1).stream().allMatch(i -> i.constraint() == null);
        if (shared) {
            return List.of(new Statement.ParamDeclaration(span(p), items.stream().map(this::declared).toList(),
                    constraint(items.getLast().constraint())));
        }
        List<Statement> out = new ArrayList<>();
        List<Statement.Declared> unconstrained = new ArrayList<>();
        for (MleParser.ParamItemContext item : items) {
            if (item.constraint() == null) {
                unconstrained.add(declared(item));
            } else {
                out.add(new Statement.ParamDeclaration(span(item), List.of(declared(item)), constraint(item.constraint())));
            }
        }
        if (!unconstrained.isEmpty()) out.addFirst(new Statement.ParamDeclaration(span(p), unconstrained, null));
        return out;
    }

    private Statement.Declared declared(MleParser.ParamItemContext i) {
        return new Statement.Declared(identifier(i.name), optional(i.size));
    }

    private Statement statement(MleParser.StatementContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case MleParser.DataDeclarationContext d -> new Statement.DataDeclaration(span,
                    d.dataItem().stream().map(i -> new Statement.Declared(identifier(i.name), optional(i.size))).toList());
            case MleParser.ConstDeclarationContext c -> new Statement.ConstDeclaration(span,
                    c.constItem().stream().map(i -> new Statement.ConstItem(identifier(i.name), optional(i.size),
                            expression(i.value))).toList());
            case MleParser.LetDeclarationContext l -> new Statement.LetDeclaration(span, identifier(l.name), expression(l.value));
            case MleParser.RandomDeclarationContext r -> new Statement.RandomDeclaration(span,
                    r.paramItem().stream().map(this::declared).toList(), r.paramItem().stream()
                            .filter(i -> i.constraint() != null).map(i -> constraint(i.constraint())).findFirst().orElse(null));
            case MleParser.FunctionDeclarationContext f -> function(span, f);
            case MleParser.SamplingContext s -> new Statement.Sampling(span, expression(s.target), identifier(s.distribution),
                    s.arguments() == null ? List.of() : s.arguments().argument().stream()
                            .map(a -> new Statement.Argument(a.name == null ? null : identifier(a.name), expression(a.value)))
                            .toList());
            case MleParser.IncrementContext i -> new Statement.Increment(span, identifier(i.name), expression(i.value));
            case MleParser.ReportContext r -> new Statement.Report(span, identifier(r.keyword), identifier(r.name), expression(r.value));
            default -> throw new IllegalStateException("unhandled statement " + ctx.getClass().getSimpleName());
        };
    }

    private Statement.FunctionDeclaration function(Span span, MleParser.FunctionDeclarationContext f) {
        List<Identifier> inputs = names(f.inputs);
        List<Identifier> params = names(f.params);
        return switch (f.body) {
            case MleParser.BlockBodyContext block -> new Statement.FunctionDeclaration(span, identifier(f.name), inputs, params,
                    block.functionLet().stream()
                            .map(l -> new Statement.LetDeclaration(span(l), identifier(l.name), expression(l.value))).toList(),
                    expression(block.result));
            case MleParser.ExpressionBodyContext e -> new Statement.FunctionDeclaration(span, identifier(f.name), inputs, params,
                    List.of(), expression(e.result));
            default -> throw new IllegalStateException("unhandled function body");
        };
    }

    private Statement.Constraint constraint(MleParser.ConstraintContext ctx) {
        return switch (ctx) {
            case MleParser.LowerBoundContext l -> new Statement.Constraint(span(ctx), expression(l.lower), null);
            case MleParser.UpperBoundContext u -> new Statement.Constraint(span(ctx), null, expression(u.upper));
            case MleParser.IntervalContext i -> new Statement.Constraint(span(ctx), expression(i.lower), expression(i.upper));
            default -> throw new IllegalStateException("unhandled constraint");
        };
    }

    Expr expression(MleParser.ExpressionContext ctx) {
        Span span = span(ctx);
        return switch (ctx) {
            case MleParser.ParenthesizedContext p -> expression(p.inner);
            case MleParser.CallContext c -> new Expr.Call(span, identifier(c.callee), expressions(c.inputs),
                    c.SEMICOLON() == null ? null : expressions(c.params));
            case MleParser.IndexingContext i -> new Expr.Index(span, identifier(i.base), expression(i.index));
            case MleParser.PowerContext p -> new Expr.Binary(span, Expr.BinaryOp.POWER, expression(p.left), expression(p.right));
            case MleParser.UnaryContext u -> u.op.getType() == MleParser.MINUS
                    ? new Expr.Negate(span, expression(u.operand)) : expression(u.operand);
            case MleParser.MultiplicativeContext m -> chain(m);
            case MleParser.AdditiveContext a -> chain(a);
            case MleParser.VectorLiteralContext v -> new Expr.VectorLiteral(span, expressions(v.elements));
            case MleParser.NumberContext n -> new Expr.Number(span, Double.parseDouble(n.getText()));
            case MleParser.NameContext n -> new Expr.Name(span, identifier(n.identifier()));
            default -> throw new IllegalStateException("unhandled expression " + ctx.getClass().getSimpleName());
        };
    }

    /** Chains longer than this are built as balanced trees, so that their depth is logarithmic in their length. */
    static final int LONG_CHAIN = 64;

    /**
     * A chain a ∘ b ∘ c ∘ … of one precedence level (+ and −, or * and /), walked down its left spine without
     * recursion: a sum of 100,000 terms is as deep as its terms. Up to {@link #LONG_CHAIN} operands it is built
     * left to right as written; a longer one as a balanced tree of the same value (a − b as a + (−b), a / b / c as
     * a / (b·c)), which every later phase can recurse over.
     */
    private Expr chain(MleParser.ExpressionContext top) {
        List<MleParser.ExpressionContext> spine = new ArrayList<>();
        MleParser.ExpressionContext c = top;
        while (c.getClass() == top.getClass()) {
            spine.add(c);
            c = c instanceof MleParser.AdditiveContext a ? a.left : ((MleParser.MultiplicativeContext) c).left;
        }
        List<Expr> operands = new ArrayList<>(List.of(expression(c)));
        List<Expr.BinaryOp> ops = new ArrayList<>();
        for (int k = spine.size() - 1; k >= 0; k--) {
            MleParser.ExpressionContext link = spine.get(k);
            if (link instanceof MleParser.AdditiveContext a) {
                ops.add(a.op.getType() == MleParser.PLUS ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUBTRACT);
                operands.add(expression(a.right));
            } else {
                MleParser.MultiplicativeContext m = (MleParser.MultiplicativeContext) link;
                ops.add(m.op.getType() == MleParser.TIMES ? Expr.BinaryOp.MULTIPLY : Expr.BinaryOp.DIVIDE);
                operands.add(expression(m.right));
            }
        }
        if (operands.size() <= LONG_CHAIN) {
            Expr built = operands.getFirst();
            for (int k = 0; k < ops.size(); k++) built = new Expr.Binary(span(spine.get(spine.size() - 1 - k)), ops.get(k), built, operands.get(k + 1));
            return built;
        }
        if (top instanceof MleParser.AdditiveContext) {
            List<Expr> terms = new ArrayList<>(List.of(operands.getFirst()));
            for (int k = 0; k < ops.size(); k++) {
                Expr term = operands.get(k + 1);
                terms.add(ops.get(k) == Expr.BinaryOp.ADD ? term : new Expr.Negate(term.span(), term));
            }
            return balanced(terms, 0, terms.size(), Expr.BinaryOp.ADD);
        }
        List<Expr> numerators = new ArrayList<>(List.of(operands.getFirst())), denominators = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) (ops.get(k) == Expr.BinaryOp.MULTIPLY ? numerators : denominators).add(operands.get(k + 1));
        Expr numerator = balanced(numerators, 0, numerators.size(), Expr.BinaryOp.MULTIPLY);
        if (denominators.isEmpty()) return numerator;
        Expr denominator = balanced(denominators, 0, denominators.size(), Expr.BinaryOp.MULTIPLY);
        return new Expr.Binary(source.span(numerator.span().start(), denominator.span().end()), Expr.BinaryOp.DIVIDE, numerator, denominator);
    }

    private Expr balanced(List<Expr> operands, int from, int to, Expr.BinaryOp op) {
        if (to - from == 1) return operands.get(from);
        int middle = (from + to) >>> 1;
        Expr left = balanced(operands, from, middle, op), right = balanced(operands, middle, to, op);
        return new Expr.Binary(source.span(left.span().start(), right.span().end()), op, left, right);
    }

    private List<Expr> expressions(MleParser.ExpressionListContext ctx) {
        return ctx == null ? List.of() : ctx.expression().stream().map(this::expression).toList();
    }

    private List<Identifier> names(MleParser.NameListContext ctx) {
        return ctx == null ? List.of() : ctx.identifier().stream().map(this::identifier).toList();
    }

    private Expr optional(MleParser.ExpressionContext ctx) { return ctx == null ? null : expression(ctx); }

    private Identifier identifier(MleParser.IdentifierContext ctx) { return new Identifier(span(ctx), ctx.getText()); }

    private Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        return source.span(source.charOffset(start.getStartIndex()), source.charOffset(stop.getStopIndex() + 1));
    }
}
