package mle.compiler.check;

import mle.compiler.source.Diagnostics;

/** One concern of the checker: it sees the model's names through the scope all parts share, and reports to its diagnostics. */
abstract class CheckerPart {
    final CheckScope scope;
    final Diagnostics diagnostics;

    CheckerPart(CheckScope scope) {
        this.scope = scope;
        this.diagnostics = scope.diagnostics;
    }
}
