package org.nxm.compiler.program;

/** A rectangle of a stored tensor, in its storage (row-major) coordinates. */
public record TensorRegion(int tensor, Region region) {}
