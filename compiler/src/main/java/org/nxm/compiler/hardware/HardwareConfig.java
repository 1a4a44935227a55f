package org.nxm.compiler.hardware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.nxm.model.io.InputException;
import org.nxm.model.numeric.DType;
import org.nxm.model.sparsity.NmPattern;

/**
 * A hardware target: what the compiler tiles against and the simulator times. Read from YAML
 * ({@link #load(Path)}, {@link #parse(String, String)}), written back with {@link #toYaml()}; presets
 * ({@link #preset(String)}) are YAML resources built from public architecture figures.
 *
 * <p>All per-core figures are per core (an SM on a GPU). Field by field (YAML key in brackets):
 * <ul>
 *   <li>{@code name} [name]: identifier, printed in reports and stored in programs.</li>
 *   <li>{@code description} [description]: free text, where the figures come from.</li>
 *   <li>{@code template} [template]: {@code tensor-core} or {@code systolic}.</li>
 *   <li>{@code clockHz} [clock_hz]: core clock in Hz; converts cycles to seconds.</li>
 *   <li>{@code cores} [cores]: number of cores (SMs); tiles are distributed over them. 1 for a
 *       single systolic array.</li>
 *   <li>{@code tensorCoresPerCore} [tensor_cores_per_core]: MMA units per core, each issuing one
 *       {@code mma} every {@code mma.issue_interval_cycles}.</li>
 *   <li>{@code dtype} [dtype]: operand element type, fp16, bf16, int8 or fp32 (accumulation is
 *       32-bit).</li>
 *   <li>{@code mma} [mma]: one dense MMA instruction, see {@link Mma}. Required for tensor-core.</li>
 *   <li>{@code sparsePatterns} [sparse_patterns]: N:M patterns the MMA units run sparse; a sparse MMA
 *       consumes {@code k·m/n} of K in the issue slot of a dense one. Empty = dense only.</li>
 *   <li>{@code metadataBytesPerCycle} [metadata_bytes_per_cycle]: per core, how many bytes of index
 *       metadata the sparse MMA units can fetch and decode per cycle.</li>
 *   <li>{@code operandBufferBytes} [operand_buffer_bytes]: per core register / operand buffer, which
 *       holds the accumulators of the block tiles in flight.</li>
 *   <li>{@code shared} [shared]: per core shared buffer (shared memory), see {@link SharedBuffer};
 *       holds the double-buffered operand tiles.</li>
 *   <li>{@code l2} [l2]: optional chip-wide last-level cache, see {@link Cache}; absent = none.</li>
 *   <li>{@code dram} [dram]: off-chip memory, see {@link Dram}.</li>
 *   <li>{@code vectorElementsPerCycle} [vector_elements_per_cycle]: per core throughput of the vector
 *       unit (elements per cycle) for softmax, GELU, LayerNorm, residual add and bias.</li>
 *   <li>{@code systolic} [systolic]: the R×C array, see {@link Systolic}; required for the systolic
 *       template, absent otherwise.</li>
 *   <li>{@code energy} [energy]: energy per action and static power, see {@link EnergyTable}; absent =
 *       {@link EnergyTable#reference}.</li>
 *   <li>{@code area} [area]: mm² per component, see {@link AreaTable}; absent = {@link AreaTable#reference}.</li>
 *   <li>{@code kernel} [kernel]: fixed costs per GEMM kernel (launch, prologue, epilogue, wave
 *       synchronisation), see {@link KernelCosts}; absent = none.</li>
 * </ul>
 */
public record HardwareConfig(
        String name,
        String description,
        Template template,
        double clockHz,
        int cores,
        int tensorCoresPerCore,
        DType dtype,
        Mma mma,
        List<NmPattern> sparsePatterns,
        double metadataBytesPerCycle,
        long operandBufferBytes,
        SharedBuffer shared,
        Cache l2,
        Dram dram,
        double vectorElementsPerCycle,
        Systolic systolic,
        EnergyTable energy,
        AreaTable area,
        KernelCosts kernel) {

    /** A config without kernel fixed costs (the arity before {@link KernelCosts} existed). */
    public HardwareConfig(String name, String description, Template template, double clockHz, int cores,
                          int tensorCoresPerCore, DType dtype, Mma mma, List<NmPattern> sparsePatterns,
                          double metadataBytesPerCycle, long operandBufferBytes, SharedBuffer shared, Cache l2,
                          Dram dram, double vectorElementsPerCycle, Systolic systolic, EnergyTable energy, AreaTable area) {
        this(name, description, template, clockHz, cores, tensorCoresPerCore, dtype, mma, sparsePatterns,
                metadataBytesPerCycle, operandBufferBytes, shared, l2, dram, vectorElementsPerCycle, systolic, energy, area, null);
    }

    /** A config with the element type's reference energy and area tables (the arity before those tables existed). */
    public HardwareConfig(String name, String description, Template template, double clockHz, int cores,
                          int tensorCoresPerCore, DType dtype, Mma mma, List<NmPattern> sparsePatterns,
                          double metadataBytesPerCycle, long operandBufferBytes, SharedBuffer shared, Cache l2,
                          Dram dram, double vectorElementsPerCycle, Systolic systolic) {
        this(name, description, template, clockHz, cores, tensorCoresPerCore, dtype, mma, sparsePatterns,
                metadataBytesPerCycle, operandBufferBytes, shared, l2, dram, vectorElementsPerCycle, systolic, null, null, null);
    }

    /** Names of the bundled presets, in the order {@code nxm hw list} prints them. */
    public static final List<String> PRESETS =
            List.of("a100", "h100", "h200", "edge-4", "edge-16", "systolic-32x32-os", "systolic-128x128-ws");

    /**
     * One dense MMA instruction of one tensor core: C[m×n] += A[m×k]·B[k×n]. The sparse operand is A
     * (the weight, K along its rows), as in {@code mma.sp}.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k dense reduction depth; a sparse n:m MMA consumes k·m/n in the same slot
     * @param issueIntervalCycles cycles between two MMA issues on one tensor core (its throughput)
     * @param latencyCycles cycles from issue to the result being usable
     */
    public record Mma(int m, int n, int k, int issueIntervalCycles, int latencyCycles) {
        public Mma {
            if (m < 1 || n < 1 || k < 1) throw new InputException("field 'mma': m, n, k must be >= 1 (got m" + m + "n" + n + "k" + k + ")");
            if (issueIntervalCycles < 1) throw new InputException("field 'mma.issue_interval_cycles': must be >= 1 (got " + issueIntervalCycles + ")");
            if (latencyCycles < issueIntervalCycles) throw new InputException("field 'mma.latency_cycles': must be >= issue_interval_cycles (got " + latencyCycles + ")");
        }

        /** Multiply-accumulates of one dense MMA. */
        public long macs() { return (long) m * n * k; }
    }

    /**
     * Per-core shared buffer.
     *
     * @param capacityBytes bytes available for operand tiles
     * @param bytesPerCycle bandwidth between the shared buffer and the MMA units
     * @param banks number of banks (bank conflicts are the simulator's business)
     */
    public record SharedBuffer(long capacityBytes, double bytesPerCycle, int banks) {
        public SharedBuffer {
            if (capacityBytes < 1) throw new InputException("field 'shared.capacity_bytes': must be >= 1 (got " + capacityBytes + ")");
            if (!(bytesPerCycle > 0)) throw new InputException("field 'shared.bytes_per_cycle': must be positive (got " + bytesPerCycle + ")");
            if (banks < 1) throw new InputException("field 'shared.banks': must be >= 1 (got " + banks + ")");
        }
    }

    /**
     * Chip-wide cache (L2).
     *
     * @param capacityBytes capacity in bytes
     * @param bytesPerCycle total bandwidth to all cores
     */
    public record Cache(long capacityBytes, double bytesPerCycle) {
        public Cache {
            if (capacityBytes < 1) throw new InputException("field 'l2.capacity_bytes': must be >= 1 (got " + capacityBytes + ")");
            if (!(bytesPerCycle > 0)) throw new InputException("field 'l2.bytes_per_cycle': must be positive (got " + bytesPerCycle + ")");
        }
    }

    /**
     * Off-chip memory. In YAML {@code bytes_per_second} may be given instead of {@code bytes_per_cycle}
     * (converted at the clock).
     *
     * @param bytesPerCycle total bandwidth, all channels together
     * @param latencyCycles cycles from request to first byte
     * @param channels independent channels; each carries bytesPerCycle/channels
     */
    public record Dram(double bytesPerCycle, int latencyCycles, int channels) {
        public Dram {
            if (!(bytesPerCycle > 0) || Double.isInfinite(bytesPerCycle)) throw new InputException("field 'dram.bytes_per_cycle': must be a positive number (got " + bytesPerCycle + ")");
            if (latencyCycles < 0) throw new InputException("field 'dram.latency_cycles': must be >= 0 (got " + latencyCycles + ")");
            if (channels < 1) throw new InputException("field 'dram.channels': must be >= 1 (got " + channels + ")");
        }
    }

    /** SCALE-Sim's {@code InterfaceBandwidth}: CALC = DRAM never stalls, USER = limited to the given words/cycle. */
    public enum InterfaceBandwidth { CALC, USER }

    /**
     * A systolic array in SCALE-Sim's terms (1 word = one {@code dtype} element; SCALE-Sim's own
     * cases use 1-byte words, i.e. int8).
     *
     * @param rows PE rows (ArrayHeight)
     * @param cols PE columns (ArrayWidth)
     * @param dataflow os, ws or is
     * @param ifmapSramKb IFMAP SRAM size in KiB (double-buffered)
     * @param filterSramKb FILTER SRAM size in KiB (double-buffered)
     * @param ofmapSramKb OFMAP SRAM size in KiB (double-buffered)
     * @param interfaceBandwidth calc or user
     * @param dramWordsPerCycle per-SRAM DRAM interface words per cycle (SCALE-Sim's Bandwidth; used in user mode)
     */
    public record Systolic(int rows, int cols, Dataflow dataflow, long ifmapSramKb, long filterSramKb,
                           long ofmapSramKb, InterfaceBandwidth interfaceBandwidth, double dramWordsPerCycle) {
        public Systolic {
            if (rows < 1) throw new InputException("field 'systolic.rows': must be >= 1 (got " + rows + ")");
            if (cols < 1) throw new InputException("field 'systolic.cols': must be >= 1 (got " + cols + ")");
            if (dataflow == null) throw new InputException("field 'systolic.dataflow': missing");
            if (ifmapSramKb < 1) throw new InputException("field 'systolic.ifmap_sram_kb': must be >= 1 (got " + ifmapSramKb + ")");
            if (filterSramKb < 1) throw new InputException("field 'systolic.filter_sram_kb': must be >= 1 (got " + filterSramKb + ")");
            if (ofmapSramKb < 1) throw new InputException("field 'systolic.ofmap_sram_kb': must be >= 1 (got " + ofmapSramKb + ")");
            if (interfaceBandwidth == null) throw new InputException("field 'systolic.interface_bandwidth': missing");
            if (!(dramWordsPerCycle > 0)) throw new InputException("field 'systolic.dram_words_per_cycle': must be positive (got " + dramWordsPerCycle + ")");
        }
    }

    public HardwareConfig {
        if (name == null || name.isBlank()) throw new InputException("field 'name': missing");
        String at = "hardware '" + name + "': ";
        if (template == null) throw new InputException(at + "field 'template': missing");
        if (dtype == null) throw new InputException(at + "field 'dtype': missing");
        if (!dtype.isCompute()) throw new InputException(at + "field 'dtype': " + dtype.shortName() + " is not an element type a target computes in (expected fp16, bf16, int8 or fp32)");
        if (!(clockHz > 0) || Double.isInfinite(clockHz)) throw new InputException(at + "field 'clock_hz': must be a positive number (got " + clockHz + ")");
        if (cores < 1) throw new InputException(at + "field 'cores': must be >= 1 (got " + cores + ")");
        if (tensorCoresPerCore < 1) throw new InputException(at + "field 'tensor_cores_per_core': must be >= 1 (got " + tensorCoresPerCore + ")");
        if (!(metadataBytesPerCycle > 0)) throw new InputException(at + "field 'metadata_bytes_per_cycle': must be positive (got " + metadataBytesPerCycle + ")");
        if (operandBufferBytes < 0) throw new InputException(at + "field 'operand_buffer_bytes': must be >= 0 (got " + operandBufferBytes + ")");
        if (!(vectorElementsPerCycle > 0)) throw new InputException(at + "field 'vector_elements_per_cycle': must be positive (got " + vectorElementsPerCycle + ")");
        sparsePatterns = sparsePatterns == null ? List.of() : List.copyOf(sparsePatterns);
        description = description == null ? "" : description;
        if (energy == null) energy = EnergyTable.reference(dtype);
        if (area == null) area = AreaTable.reference(dtype);
        if (kernel == null) kernel = KernelCosts.NONE;
        if (template == Template.TENSOR_CORE) {
            if (mma == null) throw new InputException(at + "field 'mma': required for the tensor-core template");
            if (shared == null) throw new InputException(at + "field 'shared': required for the tensor-core template");
            if (dram == null) throw new InputException(at + "field 'dram': required for the tensor-core template");
            if (operandBufferBytes < 1) throw new InputException(at + "field 'operand_buffer_bytes': must be >= 1 for the tensor-core template");
            if (systolic != null) throw new InputException(at + "field 'systolic': only for the systolic template");
            for (NmPattern p : sparsePatterns) {
                // A sparse MMA keeps k values of its k·m/n-long K slice: that slice must be whole groups.
                if (mma.k() % p.n() != 0) {
                    throw new InputException(at + "field 'sparse_patterns': pattern " + p + " needs mma.k divisible by n="
                            + p.n() + " so a sparse MMA consumes whole groups (mma.k=" + mma.k() + ")");
                }
            }
            long minTile = (long) mma.m() * mma.k() * dtype.bytes() + (long) mma.k() * mma.n() * dtype.bytes();
            if (shared.capacityBytes() < minTile) {
                throw new InputException(at + "field 'shared.capacity_bytes': " + shared.capacityBytes()
                        + " cannot hold one MMA's operands (" + minTile + " bytes)");
            }
        } else {
            if (systolic == null) throw new InputException(at + "field 'systolic': required for the systolic template");
            if (mma != null) throw new InputException(at + "field 'mma': not used by the systolic template (its MMA is the R×C array); remove it");
        }
        for (NmPattern p : sparsePatterns) {
            if (p.isDense()) throw new InputException(at + "field 'sparse_patterns': " + p + " is dense; list only sparse patterns");
        }
        if (sparsePatterns.stream().distinct().count() != sparsePatterns.size()) {
            throw new InputException(at + "field 'sparse_patterns': duplicate pattern");
        }
    }

    // ---- derived figures -------------------------------------------------------------------------

    /** Dense multiply-accumulates per cycle of one core (tensor cores × MMA MACs / issue interval, or R×C). */
    public double denseMacsPerCyclePerCore() {
        return org.nxm.compiler.target.Target.of(this).denseMacsPerCyclePerCore();
    }

    /** Peak dense FLOP/s of the chip (2 FLOP per MAC). */
    public double peakDenseFlops() {
        return 2.0 * cores * denseMacsPerCyclePerCore() * clockHz;
    }

    /** Peak effective FLOP/s with pattern p (counting the skipped zeros as done), or dense if unsupported. */
    public double peakSparseFlops(NmPattern p) {
        return supports(p) ? peakDenseFlops() * p.m() / p.n() : peakDenseFlops();
    }

    public boolean supports(NmPattern p) {
        return p.isDense() || sparsePatterns.contains(p);
    }

    /** K consumed by one MMA: k dense, k·m/n sparse. */
    public int mmaK(NmPattern p) {
        if (p == null || p.isDense()) return mma.k();
        return mma.k() * p.m() / p.n();
    }

    /** DRAM bytes per cycle; for a systolic array without a dram section: its SRAM interfaces (infinite in calc mode). */
    public double dramBytesPerCycle() {
        if (dram != null) return dram.bytesPerCycle();
        if (systolic.interfaceBandwidth() == InterfaceBandwidth.CALC) return Double.POSITIVE_INFINITY;
        return 3 * systolic.dramWordsPerCycle() * dtype.bytes();
    }

    /** L2 capacity in bytes, 0 when there is no L2. */
    public long l2CapacityBytes() {
        return l2 == null ? 0 : l2.capacityBytes();
    }

    /**
     * SHA-256 of the canonical YAML without the energy and area tables: a program records it so a
     * simulator can refuse a different target, while one program is still simulated under many cost tables.
     */
    public String digest() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(HardwareYaml.write(this, false).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- YAML ------------------------------------------------------------------------------------

    /** The canonical YAML form (what {@code nxm hw show} prints); {@link #parse} reads it back equal. */
    public String toYaml() {
        return HardwareYaml.write(this);
    }

    /** Parses YAML text; {@code source} names it in errors (a file name or "preset a100"). */
    public static HardwareConfig parse(String yaml, String source) {
        return HardwareYaml.read(yaml, source);
    }

    public static HardwareConfig load(Path file) {
        // a hardware file is a few hundred bytes: 1 MiB is generous and keeps SnakeYAML's work bounded
        String text = org.nxm.model.io.InputFiles.decode(
                org.nxm.model.io.InputFiles.readBytes(file, "hardware file", 1 << 20), file.toString());
        return parse(text, file.toString());
    }

    /** A bundled preset by name (see {@link #PRESETS}). */
    public static HardwareConfig preset(String name) {
        String key = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!PRESETS.contains(key)) {
            throw new InputException("hardware '" + name + "': unknown preset (expected one of "
                    + String.join(", ", PRESETS) + ", or a YAML file)");
        }
        try (InputStream in = HardwareConfig.class.getResourceAsStream(key + ".yaml")) {
            if (in == null) throw new IllegalStateException("preset resource missing: " + key + ".yaml");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + key);
        } catch (IOException e) {
            throw new IllegalStateException("preset " + key + ": " + e.getMessage(), e);
        }
    }

    /** A preset name or, if a file of that name exists or it ends in .yaml/.yml, a YAML file. */
    public static HardwareConfig resolve(String presetOrFile) {
        Path p = Path.of(presetOrFile);
        org.nxm.model.io.InputFiles.refuseNonRegular(p, "hardware file");
        if (Files.isRegularFile(p) || presetOrFile.endsWith(".yaml") || presetOrFile.endsWith(".yml")) {
            return load(p);
        }
        return preset(presetOrFile);
    }
}
