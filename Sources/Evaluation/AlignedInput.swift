import Corpus

extension ChunkEvaluator {
    private enum Event {
        case token([UInt8], fields: [(Int, Int)], line: Int)
        case boundary(line: Int)
        case end(line: Int)
    }

    /// Reads the next event of one side; runs of boundary lines give one boundary.
    private func nextEvent(_ reader: LineReader, afterBoundary: inout Bool) throws -> Event {
        var fields: [(Int, Int)] = []
        while let bytes = try reader.nextLineBytes() {
            bytes.withUnsafeBufferPointer { options.delimiter.split($0, into: &fields) }
            try checkFieldCount(fields.count, file: reader.name, line: reader.lineNumber)
            let boundary = fields.isEmpty || bytes.withUnsafeBufferPointer { ChunkEvaluator.isBoundary($0, fields[0]) }
            if boundary {
                if afterBoundary { continue }
                afterBoundary = true
                return .boundary(line: reader.lineNumber)
            }
            afterBoundary = false
            return .token(bytes, fields: fields, line: reader.lineNumber)
        }
        return .end(line: reader.lineNumber)
    }

    /// Evaluates two files of the same tokens: `gold` and `predicted` each have one label per
    /// token line in their last field (a first field, when a line has two or more, is the token
    /// and must agree between the files). Sentences are separated by blank or `-X-` lines; runs of
    /// them count once. Streams both files in step.
    /// - Throws: `InputError(.data)` naming both files and lines at the first misalignment (a
    ///   token against a boundary, different tokens, one file ending early), and as
    ///   `add(line:file:line:)` for field counts.
    public func add(gold: LineReader, predicted: LineReader) throws {
        var goldAfterBoundary = true
        var predictedAfterBoundary = true
        var goldEvent = try nextEvent(gold, afterBoundary: &goldAfterBoundary)
        var predictedEvent = try nextEvent(predicted, afterBoundary: &predictedAfterBoundary)
        func place(_ reader: LineReader, _ line: Int) -> String { "\(reader.name):\(line)" }
        while true {
            switch (goldEvent, predictedEvent) {
            case (.end, .end):
                return
            case (.end, .boundary):
                predictedEvent = try nextEvent(predicted, afterBoundary: &predictedAfterBoundary)
                continue
            case (.boundary, .end):
                goldEvent = try nextEvent(gold, afterBoundary: &goldAfterBoundary)
                continue
            case (.end(let g), .token(_, _, let p)):
                throw InputError(.data, file: predicted.name, line: p,
                                 "files not aligned: \(gold.name) ends after line \(g) but " +
                                 "\(place(predicted, p)) has more tokens")
            case (.token(_, _, let g), .end(let p)):
                throw InputError(.data, file: gold.name, line: g,
                                 "files not aligned: \(predicted.name) ends after line \(p) but " +
                                 "\(place(gold, g)) has more tokens")
            case (.boundary(let g), .token(_, _, let p)):
                throw InputError(.data, file: gold.name, line: g,
                                 "files not aligned: sentence ends at \(place(gold, g)) but " +
                                 "\(place(predicted, p)) has another token")
            case (.token(_, _, let g), .boundary(let p)):
                throw InputError(.data, file: gold.name, line: g,
                                 "files not aligned: \(place(gold, g)) has a token but the sentence ends at " +
                                 "\(place(predicted, p))")
            case (.boundary, .boundary):
                addBoundary()
            case (.token(let gb, let gf, let g), .token(let pb, let pf, let p)):
                if gf.count >= 2 && pf.count >= 2 && !gb[gf[0].0..<gf[0].1].elementsEqual(pb[pf[0].0..<pf[0].1]) {
                    let gt = String(decoding: gb[gf[0].0..<gf[0].1], as: UTF8.self)
                    let pt = String(decoding: pb[pf[0].0..<pf[0].1], as: UTF8.self)
                    throw InputError(.data, file: gold.name, line: g,
                                     "files not aligned: token '\(gt)' at \(place(gold, g)) but '\(pt)' at " +
                                     "\(place(predicted, p))")
                }
                let goldLast = gf[gf.count - 1], predictedLast = pf[pf.count - 1]
                let goldID = gb.withUnsafeBufferPointer {
                    fieldID(UnsafeBufferPointer(rebasing: $0[goldLast.0..<goldLast.1]))
                }
                let predictedID = pb.withUnsafeBufferPointer {
                    fieldID(UnsafeBufferPointer(rebasing: $0[predictedLast.0..<predictedLast.1]))
                }
                try addFields(gold: goldID, predicted: predictedID, file: gold.name, line: g)
            }
            goldEvent = try nextEvent(gold, afterBoundary: &goldAfterBoundary)
            predictedEvent = try nextEvent(predicted, afterBoundary: &predictedAfterBoundary)
        }
    }
}
