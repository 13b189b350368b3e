package mle.compiler.lower;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import mle.compiler.ir.Distribution;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrBuilder;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;

/**
 * The least-squares structure of a model whose likelihood is one Gaussian statement y ~ Normal(μᵢ(θ), s)
 * with a scale s that varies neither by row nor with the location's parameters. It gives the residual
 * sum of squares, the Gauss–Newton matrix JᵀJ = Σᵢ ∇μᵢ∇μᵢᵀ, and the expected (Fisher) information
 * of every parameter: JᵀJ/s² for the location's, 2n·∇s∇sᵀ/s² for the scale's, zero between the two.
 */
public record LeastSquares(Node rss, Node[][] gaussNewton, Node[][] fisherInformation, BitSet locationParameters,
                           Node scale, List<Node> means, Node dataSquares) {

    /**
     * Models with more parameters than this are not given the symbolic JᵀJ (k² expressions): Levenberg–Marquardt is for
     * nonlinear least squares in a few parameters, and linear ones of any size are solved directly.
     */
    static final int MAX_PARAMETERS = 500;

    public static Optional<LeastSquares> of(Objective o) {
        // With random effects the likelihood is of θ and u, and u is integrated out: none of these structures holds.
        if (o.hasRandomEffects()) return Optional.empty();
        if (o.params().size() > MAX_PARAMETERS) return Optional.empty();
        Optional<LocationScale> found = LocationScale.of(o);
        if (found.isEmpty() || found.get().loss().kind() != Distribution.ResidualLoss.Kind.SQUARED) return Optional.empty();
        LocationScale ls = found.get();
        Objective.Likelihood like = ls.likelihood();
        Distribution.ResidualLoss loss = ls.loss();
        IrBuilder b = o.builder();
        int k = o.params().size();
        int elements = ls.elements();
        BitSet location = ls.location();
        Node scale = ls.scale();
        Differentiator d = new Differentiator(b);
        Node[][] gramBody = new Node[k][k];
        for (Node[] row : gramBody) java.util.Arrays.fill(row, b.zero);
        for (int e = 0; e < elements; e++) {
            Node mu = like.argument(loss.locationArgument(), e);
            for (int i = location.nextSetBit(0); i >= 0; i = location.nextSetBit(i + 1)) {
                for (int j = location.nextSetBit(i); j >= 0; j = location.nextSetBit(j + 1)) {
                    gramBody[i][j] = b.add(gramBody[i][j], b.mul(d.derivative(mu, i), d.derivative(mu, j)));
                }
            }
        }
        Node[][] gram = new Node[k][k], fisher = new Node[k][k];
        Node scaleSquared = b.square(scale);
        Node count = b.mul(b.constant(elements), b.rows);
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                gram[i][j] = gram[j][i] = b.rowSum(gramBody[i][j]);
                Node info = location.get(i) && location.get(j) ? b.div(gram[i][j], scaleSquared)
                        : !location.get(i) && !location.get(j)
                        ? b.div(b.mul(b.mul(b.two, count), b.mul(d.derivative(scale, i), d.derivative(scale, j))), scaleSquared)
                        : b.zero;
                fisher[i][j] = fisher[j][i] = info;
            }
        }
        List<Node> means = new java.util.ArrayList<>();
        for (int e = 0; e < elements; e++) means.add(like.argument(loss.locationArgument(), e));
        Node squares = b.zero;
        for (Node y : like.targets()) squares = b.add(squares, b.square(y));
        return Optional.of(new LeastSquares(EquivalentLoss.residualSum(b, like), gram, fisher, location, scale,
                List.copyOf(means), b.rowSum(squares)));
    }

    /** The number of location parameters, p in NIST's residual variance RSS/(n − p). */
    public int locationParameterCount() { return locationParameters.cardinality(); }

    public List<Node> flatten(Node[][] matrix) {
        return java.util.Arrays.stream(matrix).flatMap(java.util.Arrays::stream).toList();
    }

    /**
     * The residual sum of squares as a function of the location parameters alone, in the optimiser's
     * unconstrained coordinates u: what Levenberg–Marquardt minimises once the scale is concentrated out.
     *
     * @param location        the indices of the location parameters, in order
     * @param rss             RSS(u)
     * @param gradient        ∂RSS/∂u for each location parameter (same order)
     * @param gaussNewton     Σᵢ ∇μᵢ∇μᵢᵀ over the location parameters (both halves filled, same nodes)
     * @param scaleParameter  the index of the scale when the scale is a bare parameter (σ̂ = √(RSS/m) then),
     *                        else −1
     * @param residualsPerRow m/n: the number of Gaussian elements in one row
     * @param dataSquares     Σ y²: the scale of the data, to tell residuals at rounding level (an exact fit)
     */
    public record Concentrated(int[] location, Node rss, Node[] gradient, Node[][] gaussNewton, int scaleParameter,
                               int residualsPerRow, Node dataSquares) {}

    /** The system of {@link Concentrated}; builds IR nodes, so callers must hold the builder's lock. */
    public Concentrated concentrated(Objective o) {
        IrBuilder b = o.builder();
        Differentiator d = new Differentiator(b);
        int[] loc = locationParameters.stream().toArray();
        int p = loc.length;
        Node rssU = Unconstrained.rewrite(o, rss);
        Node[] gradient = new Node[p];
        for (int i = 0; i < p; i++) gradient[i] = d.derivative(rssU, loc[i]);
        Node[][] gram = new Node[p][p];
        Node[][] body = new Node[p][p];
        for (Node[] row : body) java.util.Arrays.fill(row, b.zero);
        for (Node mu : means) {
            Node muU = Unconstrained.rewrite(o, mu);
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++) {
                    body[i][j] = b.add(body[i][j], b.mul(d.derivative(muU, loc[i]), d.derivative(muU, loc[j])));
                }
            }
        }
        for (int i = 0; i < p; i++) for (int j = i; j < p; j++) gram[i][j] = gram[j][i] = b.rowSum(body[i][j]);
        int scaleParameter = scale.op == mle.compiler.ir.Op.PARAM ? scale.index : -1;
        return new Concentrated(loc, rssU, gradient, gram, scaleParameter, means.size(), dataSquares);
    }
}
