package org.nxm.compiler.program;

/**
 * Per-layer totals (what {@code nxm compile --stats} prints).
 *
 * @param layer layer index
 * @param ops tile ops
 * @param mmaInstructions hardware MMA instructions
 * @param macs useful MACs (sparse GEMMs count kept weights only)
 * @param denseMacs MACs had every weight been kept
 * @param denseWeightBytes weight bytes stored dense
 * @param weightValueBytes unique weight value bytes (compressed when sparse)
 * @param metadataBytes unique metadata bytes
 * @param activationBytes activation bytes loaded and stored by the layer's ops (tile traffic)
 * @param weightLoadBytes weight value + metadata bytes moved by the layer's loads (tile traffic)
 * @param estimatedCycles the cost model's estimate for the layer
 */
public record LayerSummary(int layer, long ops, long mmaInstructions, long macs, long denseMacs,
                           long denseWeightBytes, long weightValueBytes, long metadataBytes,
                           long activationBytes, long weightLoadBytes, long estimatedCycles) {}
