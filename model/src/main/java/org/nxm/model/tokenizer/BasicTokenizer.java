package org.nxm.model.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's basic tokenisation (the Hugging Face {@code BertNormalizer} + {@code BertPreTokenizer}):
 * drop NUL, U+FFFD and control characters, turn whitespace into spaces, put spaces around CJK
 * ideographs, strip accents (NFD, drop combining marks), lowercase, then split on whitespace and
 * make every punctuation character a token of its own.
 */
public record BasicTokenizer(boolean lowercase, boolean stripAccents, boolean handleChineseChars) {

    public List<String> tokenize(String text) {
        String normalized = normalize(text);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        normalized.codePoints().forEach(cp -> {
            if (cp == ' ') {
                flush(cur, out);
            } else if (isPunctuation(cp)) {
                flush(cur, out);
                out.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        });
        flush(cur, out);
        return out;
    }

    /** The normaliser alone: cleaned, CJK-spaced, accent-stripped, lowercased text. */
    public String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) return;
            if (isWhitespace(cp)) { sb.append(' '); return; }
            if (handleChineseChars && isChinese(cp)) { sb.append(' ').appendCodePoint(cp).append(' '); return; }
            sb.appendCodePoint(cp);
        });
        String s = sb.toString();
        if (stripAccents) {
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder t = new StringBuilder(nfd.length());
            nfd.codePoints().forEach(cp -> {
                if (Character.getType(cp) != Character.NON_SPACING_MARK) t.appendCodePoint(cp);
            });
            s = t.toString();
        }
        if (lowercase) s = s.toLowerCase(java.util.Locale.ROOT);
        return s;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        if (cur.length() > 0) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** Cc, Cf, Cs, Co, Cn except tab, newline and carriage return (those count as whitespace). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
                || t == Character.PRIVATE_USE || t == Character.UNASSIGNED;
    }

    /** ASCII punctuation and symbols (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~) and every Unicode P* category. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    /** CJK Unified Ideographs blocks, as in BERT (not Hangul, Hiragana or Katakana). */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
