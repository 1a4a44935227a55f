package org.nxm.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded mutations of one input: the edits a hostile user or a damaged disk makes. Binary edits (bit flips,
 * interesting 1/4/8-byte values, cuts, splices) find size and offset bugs; text edits (numbers swapped for huge,
 * negative, non-finite or overflowing ones; structure swapped for the wrong YAML/JSON type; path tricks; non-UTF-8
 * bytes) find range and type bugs. One to four edits are stacked per input.
 */
final class Mutator {
    private static final long[] INTERESTING_LONGS = {
        0, 1, -1, 2, 7, 127, 128, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 30, 1L << 20,
        Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 1L << 53, -2};
    private static final String[] NUMBERS = {
        "-1", "0", "-0", "1", "2", "3", "255", "65536", "100000", "2147483647", "2147483648", "-2147483648", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551617", "1e308", "1e400", "-1e308", "1e-300",
        "4.9e-324", "NaN", "nan", ".nan", "Infinity", "-Infinity", ".inf", "-.inf", "1.5", "0x10", "1_000", "", "00"};
    private static final String[] TOKENS = {
        "null", "~", "[]", "{}", "[1, 2]", "{a: 1}", "\"x\"", "'", "\"", "true", "false", ":", ": ", ",", "\n", "\t",
        "#", "- ", "&a", "*a", "!!binary", "../../x", "/etc/x", "a\u0000b", "\\u0000", "\u00e9", "\uffff", "\"\\ud800\"",
        "2:4", "0:4", "4:2", "-1:4", "2:0", "1:1", "2147483647:4", "calc", "user", "ws", "os", "is", "gemm", "layer"};

    private final SplittableRandom random;

    Mutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A number in [0, bound) from this mutator's sequence, for format-aware edits. */
    int nextInt(int bound) { return random.nextInt(bound); }

    byte[] mutate(byte[] seed, boolean text) {
        byte[] b = seed;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) b = text && random.nextInt(3) != 0 ? textEdit(b) : binaryEdit(b);
        return b;
    }

    private byte[] binaryEdit(byte[] in) {
        if (in.length == 0) return new byte[] {(byte) random.nextInt(256)};
        byte[] b = in.clone();
        int p = random.nextInt(b.length);
        switch (random.nextInt(9)) {
            case 0 -> b[p] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[p] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xff, '-', '9', '\n', 0xc3}[random.nextInt(9)];
            case 2 -> putInt(b, p, (int) INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)]);
            case 3 -> putLong(b, p, INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)]);
            case 4 -> b = Arrays.copyOf(b, p); // truncation
            case 5 -> b = delete(b, p, 1 + random.nextInt(Math.min(64, b.length - p)));
            case 6 -> b = insert(b, random.nextInt(b.length + 1), Arrays.copyOfRange(b, p, Math.min(b.length, p + 1 + random.nextInt(64))));
            case 7 -> b[p] = (byte) random.nextInt(256);
            default -> { // a little-endian overwrite too: safetensors and protobuf are little-endian
                long v = INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)];
                for (int i = 0; i < 8 && p + i < b.length; i++) b[p + i] = (byte) (v >>> (8 * i));
            }
        }
        return b;
    }

    private byte[] textEdit(byte[] in) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        switch (random.nextInt(5)) {
            case 0, 1 -> { // swap a number for a hostile one
                int[] run = numberRun(s);
                if (run == null) return insert(in, random.nextInt(in.length + 1), ascii(pick(NUMBERS)));
                return splice(in, run[0], run[1], ascii(pick(NUMBERS)));
            }
            case 2 -> {
                return insert(in, random.nextInt(in.length + 1), pick(TOKENS).getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> { // replace a word-ish token (a value or key) with a token
                int[] run = wordRun(s);
                if (run == null) return in;
                return splice(in, run[0], run[1], pick(TOKENS).getBytes(StandardCharsets.UTF_8));
            }
            default -> { // non-UTF-8 bytes, or a long field
                byte[] junk = random.nextBoolean() ? new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe}
                        : "y".repeat(1 + random.nextInt(70_000)).getBytes(StandardCharsets.US_ASCII);
                return insert(in, random.nextInt(in.length + 1), junk);
            }
        }
    }

    private int[] numberRun(String s) {
        return run(s, c -> c >= '0' && c <= '9' || c == '.' || c == 'e' || c == '-');
    }

    private int[] wordRun(String s) {
        return run(s, c -> Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
    }

    /** A random maximal run of characters matching the predicate and containing a digit or letter; null if none. */
    private int[] run(String s, java.util.function.IntPredicate in) {
        if (s.isEmpty()) return null;
        for (int attempt = 0; attempt < 8; attempt++) {
            int p = random.nextInt(s.length());
            if (!in.test(s.charAt(p)) || !Character.isLetterOrDigit(s.charAt(p))) continue;
            int a = p, z = p;
            while (a > 0 && in.test(s.charAt(a - 1))) a--;
            while (z < s.length() && in.test(s.charAt(z))) z++;
            return new int[] {a, z};
        }
        return null;
    }

    private String pick(String[] a) { return a[random.nextInt(a.length)]; }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static void putInt(byte[] b, int p, int v) {
        for (int i = 0; i < 4 && p + i < b.length; i++) b[p + i] = (byte) (v >>> (24 - 8 * i));
    }

    private static void putLong(byte[] b, int p, long v) {
        for (int i = 0; i < 8 && p + i < b.length; i++) b[p + i] = (byte) (v >>> (56 - 8 * i));
    }

    private static byte[] delete(byte[] b, int p, int n) {
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(b, p + n, out, p, b.length - p - n);
        return out;
    }

    private static byte[] insert(byte[] b, int p, byte[] what) {
        return splice(b, p, p, what);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + what.length);
        out.write(b, 0, from);
        out.write(what, 0, what.length);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }
}
