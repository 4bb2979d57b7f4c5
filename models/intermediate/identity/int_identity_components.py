"""Connected components of the identity graph in one pass (scipy), not iterative label propagation.

Input: the usable identifiers (int_identifiers_screened.node_idx, 0..n-1) and the kept edges
(int_identity_edges). Output: node_idx -> component_idx. scipy's connected_components on a
sparse adjacency matrix is linear in nodes + edges; measured here at ~10 s for 5M edges, where
re-run-until-converged SQL label propagation needs 30-200 s. Component numbers are arbitrary;
int_identifiers_resolved derives the stable customer_id from each component's content.
"""

import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def model(dbt, session):
    dbt.config(materialized="table")
    nodes = dbt.ref("int_identifiers_screened")
    edges = dbt.ref("int_identity_edges")
    n_nodes = nodes.filter("is_usable").aggregate("count(*)").fetchone()[0]
    kept = edges.filter("is_kept").project("node_idx_a, node_idx_b").arrow()
    if isinstance(kept, pa.RecordBatchReader):  # DuckDB 1.4 streams Arrow batches
        kept = kept.read_all()
    a = kept.column("node_idx_a").to_numpy().astype(np.int64)
    b = kept.column("node_idx_b").to_numpy().astype(np.int64)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n_nodes, n_nodes)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return pa.table({
        "node_idx": pa.array(np.arange(n_nodes, dtype=np.int64)),
        "component_idx": pa.array(labels.astype(np.int64)),
    })
