package org.nxm.compiler.program;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A dependency: op {@code to} may start only after op {@code from} finished. In JSON a compact triple
 * {@code [from, to, "DATA"|"BUFFER_REUSE"]} (a program has a few hundred thousand of them).
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"from", "to", "kind"})
public record Edge(int from, int to, EdgeKind kind) {}
