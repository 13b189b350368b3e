package mle.compiler.ast;

import java.util.List;
import java.util.stream.Collectors;

/** Prints the AST as s-expressions without positions, so that goldens do not churn when lines move. */
public final class AstPrinter {
    private AstPrinter() {}

    public static String print(ParsedModel model) {
        StringBuilder out = new StringBuilder();
        out.append("(model").append(model.name() == null ? "" : " " + model.name().text()).append(")\n");
        for (Statement s : model.statements()) out.append(print(s)).append('\n');
        return out.toString();
    }

    public static String print(Statement statement) {
        return switch (statement) {
            case Statement.DataDeclaration d -> "(data " + declared(d.items()) + ")";
            case Statement.ParamDeclaration p -> "(param " + declared(p.items())
                    + (p.constraint() == null ? "" : " " + constraint(p.constraint())) + ")";
            case Statement.RandomDeclaration r -> "(random " + declared(r.items())
                    + (r.constraint() == null ? "" : " " + constraint(r.constraint())) + ")";
            case Statement.ConstDeclaration c -> "(const " + c.items().stream()
                    .map(i -> "(" + i.name().text() + (i.size() == null ? "" : " [" + print(i.size()) + "]")
                            + " " + print(i.value()) + ")")
                    .collect(Collectors.joining(" ")) + ")";
            case Statement.LetDeclaration l -> "(let " + l.name().text() + " " + print(l.value()) + ")";
            case Statement.FunctionDeclaration f -> "(function " + f.name().text()
                    + " (inputs" + names(f.inputs()) + ") (params" + names(f.params()) + ")"
                    + f.lets().stream().map(l -> " " + print(l)).collect(Collectors.joining())
                    + " " + print(f.result()) + ")";
            case Statement.Increment i -> "(+= " + i.name().text() + " " + print(i.value()) + ")";
            case Statement.Report r -> "(report " + r.name().text() + " " + print(r.value()) + ")";
            case Statement.Sampling s -> "(~ " + print(s.target()) + " (" + s.distribution().text()
                    + s.arguments().stream().map(a -> " " + (a.name() == null ? "" : a.name().text() + "=") + print(a.value()))
                            .collect(Collectors.joining()) + "))";
        };
    }

    public static String print(Expr expr) {
        return switch (expr) {
            case Expr.Number n -> formatNumber(n.value());
            case Expr.Name n -> n.name().text();
            case Expr.Call c -> "(call " + c.callee().text() + list(c.inputs())
                    + (c.hasSemicolon() ? " ;" + list(c.params()) : "") + ")";
            case Expr.Index i -> "(index " + i.base().text() + " " + print(i.index()) + ")";
            case Expr.Negate n -> "(- " + print(n.operand()) + ")";
            case Expr.Binary b -> "(" + b.op().symbol + " " + print(b.left()) + " " + print(b.right()) + ")";
            case Expr.VectorLiteral v -> "(vector" + list(v.elements()) + ")";
        };
    }

    private static String list(List<Expr> exprs) {
        return exprs.stream().map(e -> " " + print(e)).collect(Collectors.joining());
    }

    private static String names(List<Identifier> ids) {
        return ids.stream().map(i -> " " + i.text()).collect(Collectors.joining());
    }

    private static String declared(List<Statement.Declared> items) {
        return items.stream().map(i -> i.size() == null ? i.name().text() : "(" + i.name().text() + " [" + print(i.size()) + "])")
                .collect(Collectors.joining(" "));
    }

    private static String constraint(Statement.Constraint c) {
        return "(constraint" + (c.lower() == null ? " -inf" : " " + print(c.lower()))
                + (c.upper() == null ? " +inf" : " " + print(c.upper())) + ")";
    }

    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.valueOf(v);
    }
}
