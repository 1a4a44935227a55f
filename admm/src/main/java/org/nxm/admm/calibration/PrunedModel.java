package org.nxm.admm.calibration;

import java.util.List;
import org.nxm.admm.pruning.LayerReport;
import org.nxm.model.sparsity.NmPattern;
import org.nxm.model.transformer.TransformerWeights;

/** A pruned encoder: its weights, how it was pruned, the per-layer reports and the wall time. */
public record PrunedModel(TransformerWeights weights, NmPattern pattern, String method, List<LayerReport> reports,
                          double seconds) {}
