package org.nxm.compiler.program;

/** A dependency: op {@code to} may start only after op {@code from} finished. */
public record Edge(int from, int to, EdgeKind kind) {}
