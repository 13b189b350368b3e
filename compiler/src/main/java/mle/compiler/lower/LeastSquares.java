package mle.compiler.lower;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import mle.compiler.dist.Distribution;
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
public record LeastSquares(Node rss, Node[][] gaussNewton, Node[][] fisherInformation, BitSet locationParameters) {

    public static Optional<LeastSquares> of(Objective o) {
        if (o.likelihoods().size() != 1) return Optional.empty();
        Objective.Likelihood like = o.likelihoods().getFirst();
        Distribution.Loss loss = like.distribution().loss();
        if (loss == null || loss.kind() != Distribution.Loss.Kind.SQUARED) return Optional.empty();
        IrBuilder b = o.builder();
        int k = o.params().size();
        int elements = like.targets().size();
        BitSet location = new BitSet();
        for (int e = 0; e < elements; e++) location.or(like.argument(loss.locationArgument(), e).parameters());
        Node scale = like.argument(loss.scaleArgument(), 0);
        for (int e = 0; e < elements; e++) {
            Node s = like.argument(loss.scaleArgument(), e);
            if (s != scale || s.rowVarying || s.parameters().intersects(location)) return Optional.empty();
        }
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
        return Optional.of(new LeastSquares(EquivalentLoss.residualSum(b, like), gram, fisher, location));
    }

    /** The number of location parameters, p in NIST's residual variance RSS/(n − p). */
    public int locationParameterCount() { return locationParameters.cardinality(); }

    public List<Node> flatten(Node[][] matrix) {
        return java.util.Arrays.stream(matrix).flatMap(java.util.Arrays::stream).toList();
    }
}
