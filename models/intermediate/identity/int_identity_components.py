"""Connected components of the identity graph in one pass (scipy), not iterative label propagation.

Input: the usable identifiers (int_identifiers_screened.node_idx, 0..n-1) and the kept edges
(int_identity_edges). Output: node_idx -> component_idx. scipy's connected_components on a
sparse adjacency matrix is linear in nodes + edges; measured here at ~10 s for 5M edges, where
re-run-until-converged SQL label propagation needs 30-200 s. Component numbers are arbitrary;
int_identifiers_resolved derives the stable customer_id from each component's content.
"""

import numpy as np
import pyarrow as pa
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components


def model(dbt, session):
    dbt.config(materialized="table")
    nodes = dbt.ref("int_identifiers_screened")
    edges = dbt.ref("int_identity_edges")
    n_nodes = nodes.filter("is_usable").aggregate("count(*)").fetchone()[0]
    # 32-bit indices straight from DuckDB (node_idx < 2^31): zero-copy into numpy, and scipy's
    # sparse graph builds faster than with 64-bit ones (1.2 s -> 0.15 s to read 7.4M edges)
    kept = edges.filter("is_kept").project("node_idx_a::integer as a, node_idx_b::integer as b").arrow()
    if isinstance(kept, pa.RecordBatchReader):  # DuckDB 1.4 streams Arrow batches
        kept = kept.read_all()
    a = kept.column("a").to_numpy()
    b = kept.column("b").to_numpy()
    graph = csr_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n_nodes, n_nodes))
    _, labels = connected_components(graph, directed=False)
    return pa.table({
        "node_idx": pa.array(np.arange(n_nodes, dtype=np.int64)),
        "component_idx": pa.array(labels.astype(np.int64)),
    })
