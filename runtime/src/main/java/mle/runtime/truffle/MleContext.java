package mle.runtime.truffle;

import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleLanguage.ContextReference;
import com.oracle.truffle.api.nodes.Node;

/** The per-context state of the mle language: only its environment, since models and objectives are values. */
public final class MleContext {
    private static final ContextReference<MleContext> REFERENCE = ContextReference.create(MleLanguage.class);

    final TruffleLanguage.Env env;

    MleContext(TruffleLanguage.Env env) { this.env = env; }

    /** The context entered on this thread; {@code node} may be null outside of guest code. */
    public static MleContext get(Node node) { return REFERENCE.get(node); }
}
