import Corpus

/// One of the two files of `ChunkEvaluator.add(gold:predicted:)`: its reader and current line,
/// kept in reused buffers so stepping through a file allocates nothing per line.
struct AlignedSide {
    enum Event { case token, boundary, end }

    let reader: LineReader
    var bytes: [UInt8] = []
    var fields = DelimiterPattern.LineFields(count: 0, first: (0, 0), secondLast: (0, 0), last: (0, 0))
    var scratch: [(Int, Int)] = []
    var afterBoundary = true
    var fieldCount = FieldCountCheck()
    var line = 0

    init(_ reader: LineReader) {
        self.reader = reader
    }

    var name: String { reader.name }
    var place: String { "\(reader.name):\(line)" }

    func field(_ range: (Int, Int)) -> ArraySlice<UInt8> { bytes[range.0..<range.1] }

    /// Reads the next event; runs of boundary lines give one boundary.
    mutating func next(_ delimiter: DelimiterPattern) throws -> Event {
        while true {
            bytes.removeAll(keepingCapacity: true)
            let more = try reader.withNextLineBytes { bytes.append(contentsOf: $0) }
            line = reader.lineNumber
            guard more else { return .end }
            fields = bytes.withUnsafeBufferPointer { delimiter.lineFields($0, scratch: &scratch) }
            try fieldCount.check(fields.count, file: reader.name, line: line)
            let boundary = fields.count == 0 ||
                bytes.withUnsafeBufferPointer { ChunkCounter.isBoundary($0, fields.first) }
            if boundary {
                if afterBoundary { continue }
                afterBoundary = true
                return .boundary
            }
            afterBoundary = false
            return .token
        }
    }
}

extension ChunkCounter {
    /// See `ChunkEvaluator.add(gold:predicted:)`.
    mutating func add(gold goldReader: LineReader, predicted predictedReader: LineReader) throws {
        var gold = AlignedSide(goldReader)
        var predicted = AlignedSide(predictedReader)
        var goldEvent = try gold.next(options.delimiter)
        var predictedEvent = try predicted.next(options.delimiter)
        while true {
            switch (goldEvent, predictedEvent) {
            case (.end, .end):
                return
            case (.end, .boundary):
                predictedEvent = try predicted.next(options.delimiter)
                continue
            case (.boundary, .end):
                goldEvent = try gold.next(options.delimiter)
                continue
            case (.end, .token):
                throw InputError(.data, file: predicted.name, line: predicted.line,
                                 "files not aligned: \(gold.name) ends after line \(gold.line) but " +
                                 "\(predicted.place) has more tokens")
            case (.token, .end):
                throw InputError(.data, file: gold.name, line: gold.line,
                                 "files not aligned: \(predicted.name) ends after line \(predicted.line) but " +
                                 "\(gold.place) has more tokens")
            case (.boundary, .token):
                throw InputError(.data, file: gold.name, line: gold.line,
                                 "files not aligned: sentence ends at \(gold.place) but " +
                                 "\(predicted.place) has another token")
            case (.token, .boundary):
                throw InputError(.data, file: gold.name, line: gold.line,
                                 "files not aligned: \(gold.place) has a token but the sentence ends at " +
                                 "\(predicted.place)")
            case (.boundary, .boundary):
                addBoundary()
            case (.token, .token):
                if gold.fields.count >= 2 && predicted.fields.count >= 2 &&
                    !gold.field(gold.fields.first).elementsEqual(predicted.field(predicted.fields.first)) {
                    let goldToken = String(decoding: gold.field(gold.fields.first), as: UTF8.self)
                    let predictedToken = String(decoding: predicted.field(predicted.fields.first), as: UTF8.self)
                    throw InputError(.data, file: gold.name, line: gold.line,
                                     "files not aligned: token '\(goldToken)' at \(gold.place) but " +
                                     "'\(predictedToken)' at \(predicted.place)")
                }
                let goldID = gold.bytes.withUnsafeBufferPointer {
                    fieldID(UnsafeBufferPointer(rebasing: $0[gold.fields.last.0..<gold.fields.last.1]))
                }
                let predictedID = predicted.bytes.withUnsafeBufferPointer {
                    fieldID(UnsafeBufferPointer(rebasing: $0[predicted.fields.last.0..<predicted.fields.last.1]))
                }
                try addFields(gold: goldID, predicted: predictedID, file: gold.name, line: gold.line)
            }
            goldEvent = try gold.next(options.delimiter)
            predictedEvent = try predicted.next(options.delimiter)
        }
    }
}
