package org.nxm.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.TokenBatch;

/**
 * BERT WordPiece tokenizer read from a Hugging Face {@code tokenizer.json}: {@link BasicTokenizer}
 * then greedy longest-match-first subwords with the {@code ##} continuation prefix ({@code [UNK]} for a
 * word that cannot be covered or is longer than {@code max_input_chars_per_word}), then
 * {@code [CLS] A [SEP]} or {@code [CLS] A [SEP] B [SEP]} with token types 0/1, truncated to
 * {@code maxLength} tokens (longest-first for pairs, as the JSON's truncation strategy says).
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final BasicTokenizer basic;
    private final String prefix;
    private final int maxCharsPerWord;
    private final int maxLength;
    private final int unkId, clsId, sepId, padId;
    /** Special tokens matched verbatim in raw text before normalisation (Hugging Face "added_tokens"). */
    private final List<String> specialTokens;

    public WordPieceTokenizer(Map<String, Integer> vocab, BasicTokenizer basic, String unk, String prefix,
                              int maxCharsPerWord, int maxLength) {
        this(vocab, basic, unk, prefix, maxCharsPerWord, maxLength, List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    }

    public WordPieceTokenizer(Map<String, Integer> vocab, BasicTokenizer basic, String unk, String prefix,
                              int maxCharsPerWord, int maxLength, List<String> specialTokens) {
        this.vocab = Map.copyOf(vocab);
        this.specialTokens = specialTokens.stream().filter(vocab::containsKey).toList();
        int max = 0;
        for (int id : vocab.values()) max = Math.max(max, id);
        this.idToToken = new String[max + 1];
        vocab.forEach((t, id) -> idToToken[id] = t);
        this.basic = basic;
        this.prefix = prefix;
        this.maxCharsPerWord = maxCharsPerWord;
        if (maxLength < 2) throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP]");
        this.maxLength = maxLength;
        this.unkId = require(unk);
        this.clsId = require("[CLS]");
        this.sepId = require("[SEP]");
        this.padId = require("[PAD]");
    }

    private int require(String token) {
        Integer id = vocab.get(token);
        if (id == null) throw new InputException("tokenizer vocabulary has no " + token + " token");
        return id;
    }

    /** Vocabulary size and sequence length limit for a tokenizer file: BERT's are 30,522 and 512. */
    static final int MAX_VOCAB = 1 << 22;

    /** Reads a Hugging Face tokenizer.json with a WordPiece model and a BertNormalizer. */
    public static WordPieceTokenizer fromJson(InputStream in, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new InputException(source + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null) throw new InputException(source + ": empty tokenizer file");
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new InputException(source + ": field model.type is '" + model.path("type").asText() + "', expected WordPiece");
        }
        JsonNode v = model.path("vocab");
        if (!v.isObject() || v.isEmpty()) throw new InputException(source + ": field model.vocab missing or empty (expected token → id object)");
        if (v.size() > MAX_VOCAB) throw new InputException(source + ": field model.vocab has " + v.size() + " tokens (at most " + MAX_VOCAB + ")");
        Map<String, Integer> vocab = new HashMap<>(v.size() * 2);
        v.fields().forEachRemaining(e -> {
            JsonNode id = e.getValue();
            // ids index an array sized by the largest one: each must be a small non-negative integer
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0 || id.asInt() >= MAX_VOCAB)
                throw new InputException(source + ": field model.vocab." + InputException.quote(e.getKey())
                        + ": expected a token id in 0.." + (MAX_VOCAB - 1) + ", got " + InputException.quote(id.toString()));
            vocab.put(e.getKey(), id.asInt());
        });
        JsonNode norm = root.path("normalizer");
        boolean lower = norm.path("lowercase").asBoolean(true);
        // Hugging Face: strip_accents null means "follow lowercase" (BERT uncased strips accents).
        boolean strip = norm.path("strip_accents").isBoolean() ? norm.path("strip_accents").asBoolean() : lower;
        boolean chinese = norm.path("handle_chinese_chars").asBoolean(true);
        int maxLen = root.path("truncation").path("max_length").asInt(512);
        List<String> specials = new ArrayList<>();
        root.path("added_tokens").forEach(t -> {
            if (t.path("special").asBoolean(false) && !t.path("normalized").asBoolean(true)) specials.add(t.path("content").asText());
        });
        if (maxLen < 2 || maxLen > MAX_VOCAB)
            throw new InputException(source + ": field truncation.max_length: expected 2.." + MAX_VOCAB + " (room for [CLS] and [SEP]), got " + maxLen);
        int maxChars = model.path("max_input_chars_per_word").asInt(100);
        if (maxChars < 1) throw new InputException(source + ": field model.max_input_chars_per_word: expected >= 1, got " + maxChars);
        String unk = model.path("unk_token").asText("[UNK]");
        for (String required : List.of(unk, "[CLS]", "[SEP]", "[PAD]"))
            if (!vocab.containsKey(required))
                throw new InputException(source + ": field model.vocab has no " + InputException.quote(required) + " token");
        return new WordPieceTokenizer(vocab, new BasicTokenizer(lower, strip, chinese),
                unk, model.path("continuing_subword_prefix").asText("##"), maxChars, maxLen, specials);
    }

    /**
     * Reads a BERT {@code vocab.txt} (one token per line, the line number is its id) as Hugging Face's
     * {@code BertTokenizer} does: {@code [UNK]}, {@code ##} continuation, 100 characters per word, 512 tokens.
     * {@code lowercase} is {@code tokenizer_config.json}'s {@code do_lower_case} (accents follow it).
     */
    public static WordPieceTokenizer fromVocabTxt(List<String> lines, boolean lowercase, int maxLength, String source) {
        Map<String, Integer> vocab = new HashMap<>(lines.size() * 2);
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.isEmpty() && i == lines.size() - 1) break; // trailing newline
            vocab.putIfAbsent(t, i);
        }
        if (vocab.isEmpty()) throw new InputException(source + ": empty vocabulary (expected one token per line)");
        for (String special : List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]")) {
            if (!vocab.containsKey(special)) throw new InputException(source + ": no " + special + " line (expected a BERT WordPiece vocab.txt)");
        }
        return new WordPieceTokenizer(vocab, new BasicTokenizer(lowercase, lowercase, true), "[UNK]", "##", 100, maxLength);
    }

    private static String firstLine(String s) {
        if (s == null) return "parse error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public int maxLength() { return maxLength; }

    public int vocabSize() { return idToToken.length; }

    public int padId() { return padId; }

    public String token(int id) { return id >= 0 && id < idToToken.length && idToToken[id] != null ? idToToken[id] : "[UNK]"; }

    public Integer id(String token) { return vocab.get(token); }

    /** Wordpiece strings of a text, without special tokens or truncation. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            // The earliest special token in the rest of the text stays whole; the text before it is tokenised.
            int at = text.length();
            String special = null;
            for (String sp : specialTokens) {
                int i = text.indexOf(sp, from);
                if (i >= 0 && i < at) { at = i; special = sp; }
            }
            for (String word : basic.tokenize(text.substring(from, at))) wordPieces(word, out);
            if (special == null) break;
            out.add(special);
            from = at + special.length();
        }
        return out;
    }

    /** Wordpiece ids of a text, without special tokens or truncation. */
    public int[] ids(String text) {
        List<String> toks = tokenize(text);
        int[] ids = new int[toks.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = vocab.getOrDefault(toks.get(i), unkId);
        return ids;
    }

    private void wordPieces(String word, List<String> out) {
        int chars = word.codePointCount(0, word.length());
        if (chars > maxCharsPerWord) { out.add(token(unkId)); return; }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            String found = null;
            while (start < end) {
                String sub = word.substring(start, end);
                if (start > 0) sub = prefix + sub;
                if (vocab.containsKey(sub)) { found = sub; break; }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) { out.add(token(unkId)); return; }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** {@code [CLS] text [SEP]}, truncated to maxLength tokens. */
    public TokenBatch.Sequence encode(String text) {
        int[] a = ids(text);
        int keep = Math.min(a.length, maxLength - 2);
        int[] ids = new int[keep + 2];
        ids[0] = clsId;
        System.arraycopy(a, 0, ids, 1, keep);
        ids[keep + 1] = sepId;
        return new TokenBatch.Sequence(ids, new int[ids.length]);
    }

    /** {@code [CLS] a [SEP] b [SEP]} with token types 0 for the first part and 1 for the second, longest-first truncation. */
    public TokenBatch.Sequence encodePair(String textA, String textB) {
        int[] a = ids(textA), b = ids(textB);
        int la = a.length, lb = b.length;
        while (la + lb > maxLength - 3) {
            if (la > lb) la--; else lb--;
        }
        int n = la + lb + 3;
        int[] ids = new int[n], types = new int[n];
        ids[0] = clsId;
        System.arraycopy(a, 0, ids, 1, la);
        ids[la + 1] = sepId;
        System.arraycopy(b, 0, ids, la + 2, lb);
        ids[n - 1] = sepId;
        for (int i = la + 2; i < n; i++) types[i] = 1;
        return new TokenBatch.Sequence(ids, types);
    }

    /** Encodes and pads several texts into one batch. */
    public TokenBatch batch(List<String> texts) {
        List<TokenBatch.Sequence> seqs = new ArrayList<>(texts.size());
        for (String t : texts) seqs.add(encode(t));
        return TokenBatch.of(seqs);
    }
}
