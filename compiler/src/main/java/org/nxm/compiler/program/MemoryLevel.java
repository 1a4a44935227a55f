package org.nxm.compiler.program;

/** Where bytes live. Loads move data down (DRAM/L2 → SHARED), stores move it up (REGISTER → L2/DRAM). */
public enum MemoryLevel { DRAM, L2, SHARED, REGISTER }
