package org.nxm.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nxm.model.io.InputException;
import org.nxm.model.transformer.MiniLm;
import org.nxm.model.transformer.TokenBatch;

/**
 * Hand-checked BERT-uncased tokenisations against the real all-MiniLM-L6-v2 vocabulary: the expected
 * wordpieces are written out by hand, and every id is the vocabulary's id of that wordpiece.
 */
class WordPieceTokenizerTest {
    static WordPieceTokenizer tok;

    @BeforeAll
    static void load() { tok = MiniLm.loadTokenizer(); }

    void check(String text, String... pieces) {
        assertEquals(List.of(pieces), tok.tokenize(text), text);
        int[] ids = tok.ids(text);
        for (int i = 0; i < pieces.length; i++) assertEquals((int) tok.id(pieces[i]), ids[i], pieces[i]);
    }

    @Test
    void vocabularyIsTheBertUncasedOne() {
        assertEquals(30522, tok.vocabSize());
        assertEquals(0, tok.id("[PAD]"));
        assertEquals(100, tok.id("[UNK]"));
        assertEquals(101, tok.id("[CLS]"));
        assertEquals(102, tok.id("[SEP]"));
        assertEquals(1996, tok.id("the"));
        assertEquals(128, tok.maxLength());
    }

    @Test
    void lowercasesAndSplitsPunctuation() {
        check("The quick brown fox jumps over the lazy dog.", "the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", ".");
        check("I can't believe it's $5.99...", "i", "can", "'", "t", "believe", "it", "'", "s", "$", "5", ".", "99", ".", ".", ".");
        check("e-mail: x@y.com", "e", "-", "mail", ":", "x", "@", "y", ".", "com");
    }

    @Test
    void greedyLongestMatchWordpieces() {
        check("unaffable", "una", "##ffa", "##ble");
        check("supercalifragilisticexpialidocious", "super", "##cal", "##if", "##rag", "##ilis", "##tic", "##ex", "##pia", "##lid", "##oc", "##ious");
    }

    @Test
    void stripsAccentsAndCleansControlCharacters() {
        check("Héllo, Wörld!", "hello", ",", "world", "!");
        check("naïve café résumé", "naive", "cafe", "resume");
        // NUL dropped, zero-width space (format char) dropped, tab is whitespace.
        check("hello\u0000 wo\u200brld\tnow", "hello", "world", "now");
    }

    @Test
    void cjkCharactersAreSingleTokensAndUnknownsBecomeUnk() {
        check("我爱NLP和机器学习", "我", "[UNK]", "nl", "##p", "和", "[UNK]", "[UNK]", "学", "[UNK]");
        check("🤗 emoji", "[UNK]", "em", "##oj", "##i");
        // Full-width letters survive NFD, are not in the vocabulary: the whole word is [UNK].
        check("Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "[UNK]", "[UNK]");
    }

    @Test
    void specialTokensInTextStayWhole() {
        check("a [SEP] b", "a", "[SEP]", "b");
    }

    @Test
    void singleAndPairEncodings() {
        TokenBatch.Sequence s = tok.encode("A man plays.");
        assertArrayEquals(new int[] {101, 1037, 2158, 3248, 1012, 102}, s.ids());
        TokenBatch.Sequence p = tok.encodePair("A man plays.", "A woman sings.");
        assertArrayEquals(new int[] {101, 1037, 2158, 3248, 1012, 102, 1037, 2450, 10955, 1012, 102}, p.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, p.typeIds());
    }

    @Test
    void truncatesToMaxLength() {
        String longText = "word ".repeat(300);
        TokenBatch.Sequence s = tok.encode(longText);
        assertEquals(128, s.length());
        assertEquals(101, s.ids()[0]);
        assertEquals(102, s.ids()[127]);
        TokenBatch.Sequence p = tok.encodePair(longText, "short one");
        assertEquals(128, p.length());
        assertEquals(102, p.ids()[127]);
        assertTrue(p.typeIds()[125] == 1 && p.typeIds()[124] == 0 && p.ids()[124] == 102, "short second part kept whole");
        assertEquals(3, java.util.Arrays.stream(p.ids()).filter(i -> i == 101 || i == 102).count());
    }

    @Test
    void corruptTokenizerJsonIsOneLineInputError() {
        InputException e = assertThrows(InputException.class, () -> WordPieceTokenizer.fromJson(
                new ByteArrayInputStream("{\"model\": {\"type\": \"BPE\"}}".getBytes(StandardCharsets.UTF_8)), "tok.json"));
        assertTrue(e.getMessage().startsWith("tok.json: field model.type"), e.getMessage());
        e = assertThrows(InputException.class, () -> WordPieceTokenizer.fromJson(
                new ByteArrayInputStream("{\"model\": ".getBytes(StandardCharsets.UTF_8)), "tok.json"));
        assertTrue(e.getMessage().startsWith("tok.json: not valid JSON"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
