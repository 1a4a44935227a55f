package org.nxm.compiler.program;

/** Block tile extents chosen by the cost model: a bm×bn output block advanced bk of K per step. */
public record TileShape(int bm, int bn, int bk) {}
