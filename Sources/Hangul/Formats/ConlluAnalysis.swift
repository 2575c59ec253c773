import Corpus

/// CoNLL-U sentences <-> analysed sentences: FORM, LEMMA and XPOS of each surface token, and
/// `SpaceAfter=No`. UD Korean has one word line per eojeol; a multiword range, when present, is
/// read as one word whose morphemes are those of the words it covers. Empty nodes are skipped.
public enum ConlluAnalysis {
    /// The analysed sentence of `sentence` (forms and lemmas normalised to NFC).
    /// - Throws: `InputError(.data)` naming `file`, the line and column 3 when LEMMA and XPOS do
    ///   not give one non-empty morpheme per tag.
    public static func sentence(_ sentence: ConlluSentence, file: String?) throws -> AnalyzedSentence {
        let syntactic = sentence.syntacticWords
        var lineOfSyntactic: [Int?] = []
        for (index, word) in sentence.words.enumerated() where !word.isMultiword && !word.isEmptyNode {
            lineOfSyntactic.append(index < sentence.lineNumbers.count ? sentence.lineNumbers[index] : nil)
        }
        var words: [AnalyzedWord] = []
        for token in sentence.surfaceTokens {
            var morphemes: [Morpheme] = []
            var line: Int? = nil
            for index in token.wordIndices {
                let word = syntactic[index]
                line = line ?? lineOfSyntactic[index]
                guard let parsed = AnalysisNotation.parseUD(lemma: Normalization.nfc(word.lemma), xpos: word.xpos),
                      word.xpos != "_" else {
                    throw InputError(.data, file: file, line: lineOfSyntactic[index], column: 3,
                                     "LEMMA '\(word.lemma)' and XPOS '\(word.xpos)' do not give one morpheme " +
                                     "per tag; write morphemes joined by '+' in LEMMA and their tags in XPOS")
                }
                morphemes += parsed
            }
            words.append(AnalyzedWord(form: Normalization.nfc(token.form), morphemes: morphemes,
                                      spaceAfter: token.spaceAfter, line: line))
        }
        return AnalyzedSentence(id: sentence.sentenceID, text: sentence.text.map(Normalization.nfc), words: words)
    }

    /// A CoNLL-U sentence of `sentence`: `# sent_id` (when known) and `# text` comments, and per
    /// word ID, FORM, LEMMA, XPOS and `SpaceAfter=No`; the other fields are `_`.
    public static func conllu(_ sentence: AnalyzedSentence) -> ConlluSentence {
        var comments: [String] = []
        if let id = sentence.id { comments.append("# sent_id = " + id) }
        comments.append("# text = " + (sentence.text ?? sentence.surfaceText))
        var words: [ConlluWord] = []
        for (index, word) in sentence.words.enumerated() {
            let (lemma, xpos) = AnalysisNotation.ud(word.morphemes)
            var line = ConlluWord(id: .word(index + 1), form: word.form, lemma: lemma, xpos: xpos)
            line.spaceAfter = word.spaceAfter
            words.append(line)
        }
        return ConlluSentence(comments: comments, words: words)
    }

    /// `sentence` with LEMMA and XPOS of its surface tokens replaced by `analysis`, matched by
    /// character offsets: each analysed word goes to the surface token whose characters it
    /// starts in (several words into one token are concatenated). Other fields stay as they
    /// were. Use it to fill a CoNLL-U file from predicted labels (`MorphemeDecoder`).
    public static func fill(_ sentence: ConlluSentence, with analysis: AnalyzedSentence) -> ConlluSentence {
        var result = sentence
        // Character offsets of surface tokens in the text without whitespace.
        let tokens = sentence.surfaceTokens
        var starts: [Int] = []
        var offset = 0
        for token in tokens {
            starts.append(offset)
            offset += Normalization.nfc(token.form).unicodeScalars.count
        }
        var assigned = [[Morpheme]](repeating: [], count: tokens.count)
        var position = 0
        var tokenIndex = 0
        for word in analysis.words {
            while tokenIndex + 1 < tokens.count && starts[tokenIndex + 1] <= position { tokenIndex += 1 }
            if tokenIndex < tokens.count { assigned[tokenIndex] += word.morphemes }
            position += word.form.unicodeScalars.filter { !$0.properties.isWhitespace }.count
        }
        let syntacticLine = sentence.words.indices.filter {
            !sentence.words[$0].isMultiword && !sentence.words[$0].isEmptyNode
        }
        for (index, token) in tokens.enumerated() where token.wordIndices.count == 1 {
            let (lemma, xpos) = AnalysisNotation.ud(assigned[index])
            let line = syntacticLine[token.wordIndices.lowerBound]
            result.words[line].lemma = lemma
            result.words[line].xpos = xpos
        }
        return result
    }
}
