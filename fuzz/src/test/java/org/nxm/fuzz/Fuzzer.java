package org.nxm.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.nxm.model.io.InputException;
import org.nxm.traces.TraceException;

/**
 * Runs one reader over seeded mutations of its seed inputs, in process, and classifies every outcome:
 * <ul>
 *   <li>accepted: the reader (and the checks the target runs on its result) returned normally;</li>
 *   <li>rejected: the project's input exception ({@link InputException}, {@link TraceException}) with one line of
 *       at most {@value #MAX_MESSAGE} characters naming the file, and no output left behind;</li>
 *   <li>a failure: any other exception or {@link Error} (an {@link OutOfMemoryError} under the module's 1 GB
 *       heap included), a bad message, leftover output, or a run over the time limit.</li>
 * </ul>
 * Failing inputs are saved under {@code target/fuzz-failures/<reader>/}; copied into
 * {@code src/test/resources/regressions/<reader>/} they are replayed by every build.
 */
final class Fuzzer {
    static final int MAX_MESSAGE = 1000;
    private static final long SEED_LIMIT_MILLIS = 30_000;

    /** Reads (and uses) one input file; writes outputs, if any, under outDir. */
    interface Target {
        void run(Path input, Path outDir) throws Exception;
    }

    record Failure(String kind, String detail, byte[] input) {}

    record Report(String reader, int inputs, int rejected, int accepted, long maxMillis, long peakHeapMiB,
                  List<Failure> failures) {
        String line() {
            return String.format("fuzz %-12s %7d inputs: %6d rejected, %6d accepted, %d failures; max %d ms per input, peak heap %d MiB",
                    reader, inputs, rejected, accepted, failures.size(), maxMillis, peakHeapMiB);
        }
    }

    private final String reader;
    private final String fileName;
    private final Target target;
    private final Path work;
    private final long limitMillis;
    private ExecutorService executor = newExecutor();

    Fuzzer(String reader, String fileName, Target target, Path work) {
        this.reader = reader;
        this.fileName = fileName;
        this.target = target;
        this.work = work;
        this.limitMillis = FuzzSettings.limitMillis();
    }

    /** Mutates the seeds (with 'mutate', given this run's seeded mutator) 'iterations' times in total (the seeds themselves run first) and reports. */
    Report fuzz(List<byte[]> seeds, java.util.function.BiFunction<Mutator, byte[], byte[]> mutate, int iterations, long seed,
                java.util.function.UnaryOperator<byte[]> repair) throws IOException {
        resetPeakHeap();
        Mutator mutator = new Mutator(seed);
        List<Failure> failures = new ArrayList<>();
        int rejected = 0, accepted = 0;
        long maxMillis = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = i < seeds.size() ? seeds.get(i) : mutate.apply(mutator, seeds.get(i % seeds.size()));
            // every other input gets its checksums recomputed, so the checks behind them are reached too
            if (i >= seeds.size() && (i & 1) == 0) input = repair.apply(input);
            long t0 = System.nanoTime();
            // the seeds also warm up (class loading, JIT): a tight -Dfuzz.limitMillis applies to the mutated inputs
            Outcome o = runOne(input, i < seeds.size() ? Math.max(limitMillis, SEED_LIMIT_MILLIS) : limitMillis);
            maxMillis = Math.max(maxMillis, (System.nanoTime() - t0) / 1_000_000);
            if (o == Outcome.ACCEPTED) accepted++;
            else if (o.rejected()) rejected++;
            else failures.add(new Failure(o.kind, o.detail, input));
            if (i < seeds.size() && o != Outcome.ACCEPTED)
                throw new AssertionError(reader + ": seed " + i + " is not accepted: " + o.detail);
        }
        executor.shutdownNow();
        save(failures);
        return new Report(reader, iterations, rejected, accepted, maxMillis, peakHeapMiB(), failures);
    }

    /** Replays saved inputs; returns the failures among them. */
    List<Failure> replay(List<Path> inputs) throws IOException {
        List<Failure> failures = new ArrayList<>();
        for (Path p : inputs) {
            byte[] input = Files.readAllBytes(p);
            Outcome o = runOne(input, limitMillis);
            if (!o.ok()) failures.add(new Failure(o.kind, p.getFileName() + ": " + o.detail, input));
        }
        executor.shutdownNow();
        return failures;
    }

    private Outcome runOne(byte[] input, long limitMillis) throws IOException {
        // a fresh folder per input: a run that hung (and still runs) cannot write into the next input's output
        Path dir = Files.createTempDirectory(work, "run");
        Path file = dir.resolve(fileName);
        Files.write(file, input);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Future<?> f = executor.submit(() -> {
            target.run(file, out);
            return null;
        });
        Outcome o;
        try {
            f.get(limitMillis, TimeUnit.MILLISECONDS);
            o = Outcome.ACCEPTED;
        } catch (TimeoutException e) {
            f.cancel(true);
            executor.shutdownNow();
            executor = newExecutor(); // the stuck thread is a daemon; later inputs get a fresh one
            o = Outcome.failure("hang", "still running after " + limitMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            o = classify(e.getCause());
        }
        if (o.rejected() && hasFiles(out)) o = Outcome.failure("leftover", "rejected but left output: " + list(out));
        if (!o.kind().equals("hang")) deleteTree(dir);
        return o;
    }

    private Outcome classify(Throwable t) {
        if (t instanceof InputException || t instanceof TraceException) {
            String problem = messageProblem(t.getMessage(), fileName);
            return problem == null ? new Outcome("rejected", t.getMessage()) : Outcome.failure("message", problem);
        }
        StackTraceElement[] st = t.getStackTrace();
        String where = st.length == 0 ? "" : " at " + st[0];
        String msg = String.valueOf(t.getMessage());
        if (msg.length() > 300) msg = msg.substring(0, 300);
        return Outcome.failure(t.getClass().getSimpleName(), t.getClass().getName() + ": " + msg + where);
    }

    /** What is wrong with an input exception's message (one line, short, naming the file), or null. */
    static String messageProblem(String m, String fileName) {
        if (m == null || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) return "not one line: " + m;
        if (m.length() > MAX_MESSAGE) return "message of " + m.length() + " chars: " + m.substring(0, 200);
        if (!m.contains(fileName)) return "does not name the file: " + m;
        return null;
    }

    private void save(List<Failure> failures) throws IOException {
        Path dir = Path.of("target", "fuzz-failures", reader);
        if (Files.isDirectory(dir)) deleteTree(dir); // only this run's failures
        int n = 0;
        for (Failure f : failures) {
            if (n == 0) Files.createDirectories(dir);
            Files.write(dir.resolve(String.format("%04d-%s-%s", n++, f.kind(), fileName)), f.input());
        }
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static String list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.skip(1).map(p -> dir.relativize(p).toString()).toList().toString();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-target");
            t.setDaemon(true);
            return t;
        });
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    private static long peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
        return sum >> 20;
    }

    private record Outcome(String kind, String detail) {
        static final Outcome ACCEPTED = new Outcome("accepted", "");

        static Outcome failure(String kind, String detail) { return new Outcome(kind, detail); }

        boolean rejected() { return kind.equals("rejected"); }

        boolean ok() { return this == ACCEPTED || rejected(); }
    }
}
