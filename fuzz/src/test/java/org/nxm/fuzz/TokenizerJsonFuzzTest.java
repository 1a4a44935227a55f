package org.nxm.fuzz;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.nxm.model.tokenizer.WordPieceTokenizer;

/** Hugging Face tokenizer.json (WordPiece): the reader, then a sentence pair through the tokenizer. */
class TokenizerJsonFuzzTest extends ReaderFuzzTest {
    @Override String reader() { return "tokenizer-json"; }

    @Override String fileName() { return "fuzz-tokenizer.json"; }

    @Override boolean text() { return true; }

    @Override
    List<byte[]> seeds() {
        return List.of(utf8("""
                {"version": "1.0", "truncation": {"max_length": 16},
                 "added_tokens": [{"id": 0, "content": "[PAD]", "special": true, "normalized": false},
                                  {"id": 1, "content": "[UNK]", "special": true, "normalized": false},
                                  {"id": 2, "content": "[CLS]", "special": true, "normalized": false},
                                  {"id": 3, "content": "[SEP]", "special": true, "normalized": false}],
                 "normalizer": {"type": "BertNormalizer", "lowercase": true, "strip_accents": null, "handle_chinese_chars": true},
                 "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                           "max_input_chars_per_word": 100,
                           "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "the": 4, "cat": 5, "sat": 6,
                                     "on": 7, "mat": 8, "##s": 9, ".": 10, "a": 11}}}
                """));
    }

    @Override
    Fuzzer.Target target() {
        return (input, out) -> {
            WordPieceTokenizer t;
            try (InputStream in = Files.newInputStream(input)) {
                t = WordPieceTokenizer.fromJson(in, input.toString());
            }
            t.encodePair("The cats sat on a mat.", "A cat sat.");
        };
    }
}
