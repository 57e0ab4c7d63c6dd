# Writes the reference CSVs that MakeClassificationTest compares against, bit for bit.
# Run with Debian's scikit-learn 1.2.1 (python3-sklearn) and numpy 1.24:
#   cd src/test/resources/vmlp/data && /usr/bin/python3 make_classification_reference.py
# Each file: a header "label,x0,x1,...", then one row per sample, doubles written with repr().
# The tests do not need Python; the CSVs are committed.
from sklearn.datasets import make_classification

CASES = {
    # Bit for bit (MakeClassificationTest compares with ==):
    #
    # 6 clusters on 2^3 vertices: ratio 0.75, the permutation branch; redundant, repeated and
    # useless features, uneven weights, label flips, random shift and scale
    "mc_permutation.csv": dict(n_samples=40, n_features=12, n_informative=3, n_redundant=2,
                               n_repeated=2, n_classes=3, n_clusters_per_class=2,
                               weights=[0.5, 0.3, 0.2], flip_y=0.1, class_sep=1.5,
                               shift=None, scale=None, shuffle=True, random_state=8),
    # 4 clusters on 2^10 vertices: ratio 0.0039, the tracking-selection branch; not a hypercube,
    # weights with the last class implied
    "mc_tracking.csv": dict(n_samples=30, n_features=14, n_informative=10, n_redundant=2,
                            n_repeated=1, n_classes=2, n_clusters_per_class=2, weights=[0.7],
                            flip_y=0.05, class_sep=0.8, hypercube=False, shift=None, scale=None,
                            shuffle=True, random_state=3),
    # 4 clusters on 2^2 vertices: ratio 1, the reservoir branch; fixed shift and scale, no shuffle
    "mc_reservoir.csv": dict(n_samples=25, n_features=5, n_informative=2, n_redundant=0,
                             n_repeated=0, n_classes=4, n_clusters_per_class=1, flip_y=0.0,
                             class_sep=2.0, shift=2.5, scale=0.5, shuffle=False, random_state=123),
    # Close but not bit for bit (compared with a tolerance; see MakeClassification's javadoc):
    #
    # the permutation case with seed 7: glibc's log is not correctly rounded for one r2 of the
    # polar method (log(0.8828391978346208) = -0.12461220386958172, correctly rounded ...173)
    "mc_glibc_log.csv": dict(n_samples=40, n_features=12, n_informative=3, n_redundant=2,
                             n_repeated=2, n_classes=3, n_clusters_per_class=2,
                             weights=[0.5, 0.3, 0.2], flip_y=0.1, class_sep=1.5,
                             shift=None, scale=None, shuffle=True, random_state=7),
    # one redundant feature: numpy computes X·B with gemv, not gemm, and OpenBLAS's gemv sums
    # in another order
    "mc_gemv.csv": dict(n_samples=30, n_features=13, n_informative=10, n_redundant=1,
                        n_repeated=1, n_classes=2, n_clusters_per_class=2, weights=[0.7],
                        flip_y=0.05, class_sep=0.8, hypercube=False, shift=None, scale=None,
                        shuffle=True, random_state=3),
    # 31 informative features (one coordinate a coin flip, 30 from the vertices): labels and
    # informative features exact, but OpenBLAS sums the 12 x 31 by 31 x 2 product X.B in
    # another order than a plain fma chain
    "mc_wide.csv": dict(n_samples=12, n_features=34, n_informative=31, n_redundant=2,
                        n_repeated=0, n_classes=2, n_clusters_per_class=1, random_state=2023),
}

for name, params in CASES.items():
    X, y = make_classification(**params)
    with open(name, "w") as f:
        f.write("label," + ",".join("x%d" % j for j in range(X.shape[1])) + "\n")
        for row, label in zip(X, y):
            f.write(str(label) + "," + ",".join(repr(float(v)) for v in row) + "\n")
