package org.nxm.compiler.validate;

import org.nxm.compiler.hardware.HardwareConfig;
import org.nxm.compiler.program.Program;
import org.nxm.compiler.program.TileOp;

/**
 * One rule of the validation pass ({@link ProgramValidator} runs them in order). A rule throws
 * {@link org.nxm.model.io.InputException} naming the op (or GEMM, or tensor) and the rule it broke.
 * Rules after {@link ScheduleOrderRule} may assume ids (cores, slots, GEMMs, tensors) are in range.
 */
interface ValidationRule {
    void check(Program p, HardwareConfig hw);

    /** How every message names an op. */
    static String at(TileOp op) {
        return "op " + op.id() + " (" + op.kind() + ", layer " + op.layer() + ", core " + op.core() + ")";
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }
}
