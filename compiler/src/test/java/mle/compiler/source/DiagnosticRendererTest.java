package mle.compiler.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {
    @Test
    void caretSitsUnderTheSpanCountingCodePoints() {
        SourceFile f = new SourceFile("m.mle", "data x\nparam σ\ny ~ Normal(μ, σ)\n");
        int start = f.text().indexOf("μ");
        String text = DiagnosticRenderer.render(Diagnostic.error(f.span(start, start + 1), "`μ` is not defined", "declare it"));
        assertEquals("""
                m.mle:3:12: error: `μ` is not defined
                  3 | y ~ Normal(μ, σ)
                    |            ^
                    = hint: declare it
                """, text);
    }

    @Test
    void charactersOutsideTheBasicPlaneCountAsOneColumn() {
        SourceFile f = new SourceFile("m.mle", "param 𝜃, b\n");
        int start = f.text().indexOf("b");
        Span span = f.span(start, start + 1);
        assertEquals(10, span.column());
        assertEquals(start, f.charOffset(9), "ANTLR's code-point index 9 is char offset " + start);
    }

    @Test
    void linesEndWithCrLfOrLf() {
        SourceFile f = new SourceFile("m.mle", "a\r\nb\rc\n");
        assertEquals(4, f.lineCount());
        assertEquals("b", f.line(2));
        assertEquals(3, f.lineOf(f.text().indexOf('c')));
    }
}
