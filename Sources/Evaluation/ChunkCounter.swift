import Corpus

/// The counting state of `ChunkEvaluator`: a value type so the per-token loop runs without
/// dynamic exclusivity checks. See `ChunkEvaluator` for the rules.
struct ChunkCounter {
    /// The options in force.
    let options: EvaluationOptions

    enum Kind: UInt8 { case outside, begin, inside, end, single, open, close, dot, other }

    struct Label: Equatable {
        var kind: Kind
        var prefix: Int32   // interned prefix string (for conlleval's `$correct eq $guessed`)
        var type: Int32     // interned type string
    }

    private var fieldTable = ByteTable()     // label fields as written
    private var fieldLabels: [Label] = []    // per field id
    private var prefixTable = ByteTable()
    private var typeTable = ByteTable()
    private let outsideLabel: Label
    private let outsideTagBytes: [UInt8]

    // conlleval state
    private var lastCorrect: Label
    private var lastGuessed: Label
    private var inCorrect = false
    private var correctChunk = 0, foundCorrect = 0, foundGuessed = 0
    private var correctTags = 0, tokenCounter = 0
    private var typeCorrect: [Int] = [], typeGold: [Int] = [], typePredicted: [Int] = []

    // strict mode: the current sentence
    private var sentenceGold: [Label] = []
    private var sentencePredicted: [Label] = []

    // confusion counts, square with side `confusionSide`, indexed by field id
    private var confusion: [Int] = []
    private var confusionSide = 0
    private var seenAsGold: [Bool] = [], seenAsPredicted: [Bool] = []

    // per input stream: conlleval's field-count check ($nbrOfFeatures), and split scratch
    private var expectedFields: [String: FieldCountCheck] = [:]
    private var currentStream = ""
    private var currentCheck = FieldCountCheck()
    private var fields: [(Int, Int)] = []

    /// A fresh counter.
    init(options: EvaluationOptions = EvaluationOptions()) {
        self.options = options
        outsideTagBytes = Array(options.outsideTag.utf8)
        _ = typeTable.intern([])                 // type id 0: no type
        _ = prefixTable.intern([UInt8(ascii: "O")])  // prefix id 0: O
        outsideLabel = Label(kind: .outside, prefix: 0, type: 0)
        lastCorrect = outsideLabel
        lastGuessed = outsideLabel
        typeCorrect = [0]; typeGold = [0]; typePredicted = [0]
    }

    // MARK: - Labels

    /// The field id of `bytes`, interning it (and its conlleval reading) on first sight.
    @inline(__always)
    mutating func fieldID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let (id, isNew) = fieldTable.intern(bytes)
        if isNew {
            fieldLabels.append(read(Array(bytes)))
            seenAsGold.append(false)
            seenAsPredicted.append(false)
        }
        return id
    }

    /// conlleval's reading of one label field (raw mode applied).
    private mutating func read(_ field: [UInt8]) -> Label {
        var prefix: ArraySlice<UInt8>
        var type: ArraySlice<UInt8>
        if options.raw {
            if field == outsideTagBytes || field == [UInt8(ascii: "O")] { return outsideLabel }
            prefix = [UInt8(ascii: "B")][...]
            type = field[...]
        } else if let dash = field.firstIndex(of: UInt8(ascii: "-")) {
            prefix = field[..<dash]
            type = field[(dash + 1)...]
        } else {
            prefix = field[...]
            type = []
        }
        if type.elementsEqual([UInt8(ascii: "0")]) { type = [] }   // Perl: "0" is false
        let kind: Kind
        switch Array(prefix) {
        case [UInt8(ascii: "O")]: kind = .outside
        case [UInt8(ascii: "B")]: kind = .begin
        case [UInt8(ascii: "I")]: kind = .inside
        case [UInt8(ascii: "E")]: kind = .end
        case [UInt8(ascii: "S")]: kind = .single
        case [UInt8(ascii: "[")]: kind = .open
        case [UInt8(ascii: "]")]: kind = .close
        case [UInt8(ascii: ".")]: kind = .dot
        default: kind = .other
        }
        let typeID = typeTable.intern(Array(type))
        if typeID.isNew {
            typeCorrect.append(0); typeGold.append(0); typePredicted.append(0)
        }
        return Label(kind: kind, prefix: Int32(prefixTable.intern(Array(prefix)).id), type: Int32(typeID.id))
    }

    // MARK: - conlleval's chunk rules

    @inline(__always)
    private static func endOfChunk(_ previous: Label, _ current: Label) -> Bool {
        switch (previous.kind, current.kind) {
        case (.begin, .begin), (.begin, .outside), (.inside, .begin), (.inside, .outside),
             (.end, .end), (.end, .inside), (.end, .outside):
            return true
        default:
            break
        }
        if previous.kind != .outside && previous.kind != .dot && previous.type != current.type { return true }
        return previous.kind == .open || previous.kind == .close
    }

    @inline(__always)
    private static func startOfChunk(_ previous: Label, _ current: Label) -> Bool {
        switch (previous.kind, current.kind) {
        case (.begin, .begin), (.inside, .begin), (.outside, .begin), (.outside, .inside),
             (.end, .end), (.end, .inside), (.outside, .end):
            return true
        default:
            break
        }
        if current.kind != .outside && current.kind != .dot && previous.type != current.type { return true }
        return current.kind == .open || current.kind == .close
    }

    /// One line of conlleval's main loop.
    @inline(__always)
    private mutating func step(correct: Label, guessed: Label, boundary: Bool) {
        if options.strict != nil {
            if boundary {
                flushStrictSentence()
            } else {
                sentenceGold.append(correct)
                sentencePredicted.append(guessed)
                countToken(correct, guessed)
            }
            return
        }
        let guessed = boundary ? outsideLabel : guessed
        if inCorrect {
            let correctEnds = ChunkCounter.endOfChunk(lastCorrect, correct)
            let guessedEnds = ChunkCounter.endOfChunk(lastGuessed, guessed)
            if correctEnds && guessedEnds && lastGuessed.type == lastCorrect.type {
                inCorrect = false
                correctChunk += 1
                typeCorrect[Int(lastCorrect.type)] += 1
            } else if correctEnds != guessedEnds || guessed.type != correct.type {
                inCorrect = false
            }
        }
        let correctStarts = ChunkCounter.startOfChunk(lastCorrect, correct)
        let guessedStarts = ChunkCounter.startOfChunk(lastGuessed, guessed)
        if correctStarts && guessedStarts && guessed.type == correct.type { inCorrect = true }
        if correctStarts {
            foundCorrect += 1
            typeGold[Int(correct.type)] += 1
        }
        if guessedStarts {
            foundGuessed += 1
            typePredicted[Int(guessed.type)] += 1
        }
        if !boundary { countToken(correct, guessed) }
        lastGuessed = guessed
        lastCorrect = correct
    }

    @inline(__always)
    private mutating func countToken(_ correct: Label, _ guessed: Label) {
        if correct.prefix == guessed.prefix && correct.type == guessed.type { correctTags += 1 }
        tokenCounter += 1
    }

    // MARK: - seqeval strict mode

    private mutating func flushStrictSentence() {
        guard let scheme = options.strict, !sentenceGold.isEmpty else { return }
        let gold = ChunkCounter.strictChunks(sentenceGold, scheme)
        let predicted = ChunkCounter.strictChunks(sentencePredicted, scheme)
        for chunk in gold { foundCorrect += 1; typeGold[Int(chunk.type)] += 1 }
        for chunk in predicted {
            foundGuessed += 1
            typePredicted[Int(chunk.type)] += 1
        }
        // Both lists are sorted by start and do not overlap: merge to find exact matches.
        var g = 0
        for chunk in predicted {
            while g < gold.count && gold[g].start < chunk.start { g += 1 }
            if g < gold.count && gold[g] == chunk {
                correctChunk += 1
                typeCorrect[Int(chunk.type)] += 1
            }
        }
        sentenceGold.removeAll(keepingCapacity: true)
        sentencePredicted.removeAll(keepingCapacity: true)
    }

    struct StrictChunk: Equatable { var start: Int; var end: Int; var type: Int32 }

    /// seqeval's `Tokens.entities` for IOB2/IOBES in strict mode.
    static func strictChunks(_ labels: [Label], _ scheme: EvaluationOptions.StrictScheme) -> [StrictChunk] {
        var chunks: [StrictChunk] = []
        var i = 0
        while i < labels.count {
            let first = labels[i]
            let starts = first.kind == .begin || (scheme == .iobes && first.kind == .single)
            guard starts else { i += 1; continue }
            var previous = first
            var j = i + 1
            while j < labels.count {
                let next = labels[j]
                let inside: Bool
                switch scheme {
                case .bio:
                    inside = (previous.kind == .begin || previous.kind == .inside) && next.kind == .inside
                case .iobes:
                    inside = (previous.kind == .begin || previous.kind == .inside) &&
                        (next.kind == .inside || next.kind == .end)
                }
                guard inside && next.type == previous.type else { break }
                previous = next
                j += 1
            }
            let ends = scheme == .bio || previous.kind == .end || previous.kind == .single
            if ends { chunks.append(StrictChunk(start: i, end: j, type: first.type)) }
            i = j
        }
        return chunks
    }

    private func checkStrict(_ label: Label, field: Int, file: String, line: Int) throws {
        guard let scheme = options.strict else { return }
        let allowed: Bool
        switch label.kind {
        case .outside, .begin, .inside: allowed = true
        case .end, .single: allowed = scheme == .iobes
        default: allowed = false
        }
        if !allowed {
            let text = String(decoding: fieldTable.bytes(field), as: UTF8.self)
            throw InputError(.data, file: file, line: line > 0 ? line : nil,
                             "label '\(text)' is not valid in the \(scheme.rawValue) scheme of --strict " +
                             "(allowed: O, B-, I-\(scheme == .iobes ? ", E-, S-" : "")); " +
                             "choose --scheme or drop --strict")
        }
    }

    // MARK: - Feeding

    /// The most distinct labels a confusion matrix may have (8 MB of counts).
    static let confusionLimit = 1000

    private mutating func countConfusion(_ gold: Int, _ predicted: Int, file: String, line: Int) throws {
        let needed = max(gold, predicted) + 1
        if needed > confusionSide {
            guard needed <= ChunkCounter.confusionLimit else {
                throw InputError(.data, file: file, line: line > 0 ? line : nil,
                                 "more than \(ChunkCounter.confusionLimit) distinct labels, too many for " +
                                 "--confusion; check that the last two columns are labels")
            }
            let side = max(needed, confusionSide * 2, 8)
            var grown = [Int](repeating: 0, count: side * side)
            for i in 0..<confusionSide {
                for j in 0..<confusionSide { grown[i * side + j] = confusion[i * confusionSide + j] }
            }
            confusion = grown
            confusionSide = side
        }
        confusion[gold * confusionSide + predicted] += 1
        seenAsGold[gold] = true
        seenAsPredicted[predicted] = true
    }

    mutating func addFields(gold: Int, predicted: Int, file: String, line: Int) throws {
        let correct = fieldLabels[gold]
        let guessed = fieldLabels[predicted]
        if options.strict != nil {
            try checkStrict(correct, field: gold, file: file, line: line)
            try checkStrict(guessed, field: predicted, file: file, line: line)
        }
        if options.confusion { try countConfusion(gold, predicted, file: file, line: line) }
        step(correct: correct, guessed: guessed, boundary: false)
    }

    /// conlleval's field-count check for the stream `file`: the first line fixes the count
    /// (a blank first line fixes nothing); later non-blank lines must match.
    mutating func checkFieldCount(_ count: Int, file: String, line: Int) throws {
        if file != currentStream {
            expectedFields[currentStream] = currentCheck
            currentStream = file
            currentCheck = expectedFields[file] ?? FieldCountCheck()
        }
        try currentCheck.check(count, file: file, line: line)
    }

    /// Adds one line of conlleval input: fields separated by the delimiter, gold and predicted
    /// labels in the last two fields; blank or `-X-` lines are sentence boundaries.
    /// `file` names the stream (lines of one stream must agree on their field count) and is used
    /// with `line` in errors.
    /// - Throws: `InputError(.data)` where conlleval dies: a field count different from the
    ///   stream's first line, or a token line with fewer than two fields; in strict mode, a
    ///   label the scheme does not allow.
    mutating func add(line bytes: UnsafeBufferPointer<UInt8>, file: String = "<input>",
                      line number: Int = 0) throws {
        let line = options.delimiter.lineFields(bytes, scratch: &fields)
        try checkFieldCount(line.count, file: file, line: number)
        if line.count == 0 || ChunkCounter.isBoundary(bytes, line.first) {
            addBoundary()
            return
        }
        guard line.count >= 2 else {
            throw InputError(.data, file: file, line: number > 0 ? number : nil,
                             "only one field; a token line needs the gold and predicted labels " +
                             "as its last two fields")
        }
        let gold = fieldID(UnsafeBufferPointer(rebasing: bytes[line.secondLast.0..<line.secondLast.1]))
        let predicted = fieldID(UnsafeBufferPointer(rebasing: bytes[line.last.0..<line.last.1]))
        try addFields(gold: gold, predicted: predicted, file: file, line: number)
    }

    /// Adds one line of conlleval input given as text. See `add(line:file:line:)`.
    mutating func add(line text: String, file: String = "<input>", line: Int = 0) throws {
        var text = text
        try text.withUTF8 { try add(line: $0, file: file, line: line) }
    }

    @inline(__always)
    static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ field: (Int, Int)) -> Bool {
        field.1 - field.0 == 3 && bytes[field.0] == 0x2D && bytes[field.0 + 1] == 0x58 &&
            bytes[field.0 + 2] == 0x2D
    }

    /// Adds every line of `lines` (conlleval input) until its end.
    /// - Throws: as `add(line:file:line:)`, and `InputError(.io)` on read errors.
    mutating func add(lines: LineReader) throws {
        let name = lines.name
        while try lines.withNextLineBytes({ try add(line: $0, file: name, line: lines.lineNumber) }) {}
    }

    /// Adds one token's gold and predicted labels (as written, e.g. `B-PER`, `O`).
    /// - Throws: in strict mode, `InputError(.data)` for a label the scheme does not allow.
    mutating func add(gold: String, predicted: String) throws {
        var g = gold, p = predicted
        let goldID = g.withUTF8 { fieldID($0) }
        let predictedID = p.withUTF8 { fieldID($0) }
        try addFields(gold: goldID, predicted: predictedID, file: "<labels>", line: 0)
    }

    /// Adds one sentence of parallel labels followed by a boundary.
    /// - Throws: `InputError(.data)` when the counts differ, or as `add(gold:predicted:)`.
    mutating func add(sentence gold: [String], predicted: [String]) throws {
        guard gold.count == predicted.count else {
            throw InputError(.data, "a sentence has \(gold.count) gold labels but \(predicted.count) predicted")
        }
        for (g, p) in zip(gold, predicted) { try add(gold: g, predicted: p) }
        addBoundary()
    }

    /// Ends the current sentence (a blank line in conlleval input).
    mutating func addBoundary() {
        step(correct: outsideLabel, guessed: outsideLabel, boundary: true)
    }

    // MARK: - Result

    /// The counts so far, with conlleval's end-of-input handling (an open correct chunk counts).
    /// Does not change the evaluator: more input may follow.
    func result() -> EvaluationResult {
        var final = self
        if options.strict != nil {
            final.flushStrictSentence()
        } else if inCorrect {
            final.correctChunk += 1
            final.typeCorrect[Int(lastCorrect.type)] += 1
        }
        let correct = final.correctChunk, gold = final.foundCorrect, predicted = final.foundGuessed
        let perTypeCorrect = final.typeCorrect, perTypeGold = final.typeGold
        let perTypePredicted = final.typePredicted
        var types: [TypeScore] = []
        var emptyInBoth = false
        for id in 0..<typeTable.count where perTypeGold[id] > 0 || perTypePredicted[id] > 0 {
            let bytes = typeTable.bytes(id)
            if bytes.isEmpty && perTypeGold[id] > 0 && perTypePredicted[id] > 0 { emptyInBoth = true }
            types.append(TypeScore(name: String(decoding: bytes, as: UTF8.self), nameBytes: bytes,
                                   score: ChunkScore(gold: perTypeGold[id], predicted: perTypePredicted[id],
                                                     correct: perTypeCorrect[id])))
        }
        types.sort { $0.nameBytes.lexicographicallyPrecedes($1.nameBytes) }
        return EvaluationResult(tokens: tokenCounter, correctTokens: correctTags,
                                overall: ChunkScore(gold: gold, predicted: predicted, correct: correct),
                                types: types, confusion: options.confusion ? confusionMatrix() : nil,
                                duplicatedEmptyType: emptyInBoth)
    }

    private func confusionMatrix() -> ConfusionMatrix {
        let ids = (0..<fieldTable.count).filter { seenAsGold[$0] || seenAsPredicted[$0] }
            .sorted { fieldTable.bytes($0).lexicographicallyPrecedes(fieldTable.bytes($1)) }
        let counts = ids.map { g in ids.map { p in confusion[g * confusionSide + p] } }
        return ConfusionMatrix(labels: ids.map { String(decoding: fieldTable.bytes($0), as: UTF8.self) },
                               counts: counts)
    }
}

/// conlleval's field-count rule for one input stream (`$nbrOfFeatures`): the first line fixes
/// the count (a blank first line fixes nothing); later non-blank lines must match it.
struct FieldCountCheck {
    private var expected = -1

    /// Checks a line of `count` fields.
    /// - Throws: `InputError(.data)` naming `file` and `line` when the count differs.
    mutating func check(_ count: Int, file: String, line: Int) throws {
        if expected >= 0 {
            if count != expected && count != 0 {
                throw InputError(.data, file: file, line: line > 0 ? line : nil,
                                 "\(count) fields where the first line has \(expected); every line needs " +
                                 "the same number of fields (conlleval stops here too)")
            }
        } else if count > 0 {
            expected = count
        }
    }
}
