package org.nxm.simulator.systolic;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Formats a double as Python's {@code repr(float)} does (shortest digits that round-trip; fixed
 * notation for exponents −4…15, else {@code 1.5e+16}), so report files match SCALE-Sim's text.
 */
public final class PythonFloat {
    private PythonFloat() {}

    public static String repr(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
        String digits = null;
        int exp = 0;
        for (int p = 1; p <= 17; p++) {
            String s = String.format(Locale.ROOT, "%." + (p - 1) + "e", Math.abs(x));
            if (Double.parseDouble(s) == Math.abs(x)) {
                int e = s.indexOf('e');
                digits = s.substring(0, e).replace(".", "");
                exp = Integer.parseInt(s.substring(e + 1));
                break;
            }
        }
        if (digits == null) { // unreachable: 17 digits always round-trip
            digits = new BigDecimal(Math.abs(x)).unscaledValue().toString();
        }
        digits = stripTrailingZeros(digits);
        String sign = x < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            StringBuilder b = new StringBuilder(sign);
            if (exp < 0) {
                b.append("0.");
                for (int i = -1; i > exp; i--) b.append('0');
                b.append(digits);
            } else if (digits.length() <= exp + 1) {
                b.append(digits);
                for (int i = digits.length(); i <= exp; i++) b.append('0');
                b.append(".0");
            } else {
                b.append(digits, 0, exp + 1).append('.').append(digits.substring(exp + 1));
            }
            return b.toString();
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String stripTrailingZeros(String d) {
        int end = d.length();
        while (end > 1 && d.charAt(end - 1) == '0') end--;
        return d.substring(0, end);
    }
}
