package org.nxm.compiler.program;

/** Which input of a GEMM C = A·B an activation load feeds (written "A" / "B" in the program JSON). */
public enum GemmOperand {
    A, B;

    /** The GEMM's view of this operand. */
    public OperandView view(GemmInfo g) {
        return this == A ? g.a() : g.b();
    }
}
