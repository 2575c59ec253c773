import Corpus

/// CoNLL-U sentences <-> analysed sentences: FORM, LEMMA and XPOS of each surface token, and
/// `SpaceAfter=No`. UD Korean has one word line per eojeol; a multiword range, when present, is
/// read as one word whose morphemes are those of the words it covers. Empty nodes are skipped.
public enum ConlluAnalysis {
    /// The analysed sentence of `sentence` (conjoining jamo in forms and lemmas composed).
    /// - Throws: `InputError(.data)` naming `file`, the line and column 3 when LEMMA and XPOS do
    ///   not give one non-empty morpheme per tag, or LEMMA contains a space.
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
                let lemma = Normalization.composingHangul(word.lemma)
                guard let parsed = AnalysisNotation.parseUD(lemma: lemma, xpos: word.xpos),
                      word.xpos != "_" else {
                    throw InputError(.data, file: file, line: lineOfSyntactic[index], column: 3,
                                     "LEMMA '\(word.lemma)' and XPOS '\(word.xpos)' do not give one morpheme " +
                                     "per tag; write morphemes joined by '+' in LEMMA and their tags in XPOS")
                }
                // A morpheme with a space cannot be written in Sejong notation, so neither the
                // analysis output nor the restoration dictionary could be read back.
                guard !word.lemma.contains(" ") else {
                    throw InputError(.data, file: file, line: lineOfSyntactic[index], column: 3,
                                     "LEMMA '\(word.lemma)' contains a space; morphemes cannot contain spaces " +
                                     "(join them with '+')")
                }
                morphemes += parsed
            }
            guard !morphemes.isEmpty else {
                throw InputError(.data, file: file, line: line ?? sentence.lineNumbers.first, column: 1,
                                 "the multiword token '\(token.form)' covers no word lines")
            }
            words.append(AnalyzedWord(form: Normalization.composingHangul(token.form), morphemes: morphemes,
                                      spaceAfter: token.spaceAfter, line: line))
        }
        return AnalyzedSentence(id: sentence.sentenceID, text: sentence.text.map(Normalization.composingHangul),
                                words: words)
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

    /// The syllable tokens of a CoNLL-U sentence's surface tokens (`▁` between tokens followed
    /// by a space) and the glued indexes of tokens written together (`SpaceAfter=No`): the input
    /// a tagger labels when it fills a CoNLL-U file (see `fill`).
    public static func tokens(of sentence: ConlluSentence) -> (tokens: [String], glued: [Int]) {
        var tokens: [String] = []
        var glued: [Int] = []
        let surface = sentence.surfaceTokens
        for (index, token) in surface.enumerated() {
            if index > 0 {
                if surface[index - 1].spaceAfter {
                    tokens.append(SyllableTokenizer.space)
                } else {
                    glued.append(tokens.count)
                }
            }
            tokens += SyllableTokenizer.tokens(of: token.form)
        }
        if let last = surface.last, !last.spaceAfter { glued.append(tokens.count) }
        return (tokens, glued)
    }

    /// `sentence` with LEMMA and XPOS filled from `labels`, one per token of `tokens(of:)`,
    /// decoded with `decoder`: each surface token gets the morphemes decoded from its own
    /// syllables (so character offsets match by construction). Other fields stay as they were;
    /// multiword ranges and their words are left untouched.
    public static func fill(_ sentence: ConlluSentence, labels: [String],
                            decoder: inout MorphemeDecoder) -> ConlluSentence {
        var result = sentence
        let (tokens, glued) = tokens(of: sentence)
        let decoded = decoder.decode(SyllableSentence(tokens: tokens, labels: labels, glued: glued))
        let surface = sentence.surfaceTokens
        let syntacticLine = sentence.words.indices.filter {
            !sentence.words[$0].isMultiword && !sentence.words[$0].isEmptyNode
        }
        guard decoded.words.count == surface.count else { return result }
        for (index, token) in surface.enumerated() where token.wordIndices.count == 1 {
            let (lemma, xpos) = AnalysisNotation.ud(decoded.words[index].morphemes)
            let line = syntacticLine[token.wordIndices.lowerBound]
            result.words[line].lemma = lemma
            result.words[line].xpos = xpos
        }
        return result
    }
}
