"""The feature matrix's stacking: a ColumnTransformer whose sparse output stays CSC.

Every block of our ColumnTransformer is CSC (model.learning.encoding.OneHot, the numeric blocks), so
the blocks are concatenated once. ColumnTransformer's own stacking converts that result to
CSR, a third copy of the feature matrix at the peak of training memory; ridge takes either.
Its own module because the pipeline pickles it, and loading it needs scikit-learn.
"""

from __future__ import annotations

from scipy import sparse
from sklearn.compose import ColumnTransformer


class StackedColumns(ColumnTransformer):
    """ColumnTransformer, stacking CSC blocks into one CSC matrix."""

    def _hstack(self, Xs, *, n_samples):  # the hook ColumnTransformer offers subclasses
        if self.sparse_output_ and all(sparse.issparse(X) and X.format == "csc" for X in Xs):
            return sparse.hstack(Xs, format="csc")
        return super()._hstack(Xs, n_samples=n_samples)
