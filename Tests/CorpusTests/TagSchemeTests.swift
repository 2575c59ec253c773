import XCTest
@testable import Corpus

final class TagSchemeTests: XCTestCase {
    func testTypeIsEverythingAfterFirstHyphen() {
        let label = TagLabel("B-NP-SBJ")
        XCTAssertEqual(label.prefix, "B")
        XCTAssertEqual(label.type, "NP-SBJ")
        XCTAssertEqual(TagScheme.bio.spans(of: ["B-NP-SBJ", "I-NP-SBJ"]), [Span(start: 0, end: 2, type: "NP-SBJ")])
        XCTAssertNil(TagLabel("O").type)
        XCTAssertEqual(TagLabel("I").role, .inside)
    }

    func testLenientSpansLikeConlleval() {
        // I- after O opens a chunk; a type change opens one; B- of the same type back to back.
        let labels = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-ORG", "B-ORG", "I-ORG"]
        XCTAssertEqual(TagScheme.bio.spans(of: labels), [
            Span(start: 0, end: 2, type: "PER"), Span(start: 3, end: 4, type: "LOC"),
            Span(start: 4, end: 5, type: "ORG"), Span(start: 5, end: 6, type: "ORG"),
            Span(start: 6, end: 8, type: "ORG"),
        ])
    }

    func testIOBESSpans() {
        let labels = ["S-A", "B-B", "I-B", "E-B", "E-B", "I-C", "O", "B-D"]
        XCTAssertEqual(TagScheme.iobes.spans(of: labels), [
            Span(start: 0, end: 1, type: "A"), Span(start: 1, end: 4, type: "B"),
            Span(start: 4, end: 5, type: "B"), Span(start: 5, end: 6, type: "C"),
            Span(start: 7, end: 8, type: "D"),
        ])
    }

    func testUntypedSpans() {
        let labels = ["B-NNG", "I", "B-JKS", "B-VV", "I", "I", "O", "I"]
        XCTAssertEqual(TagScheme.untyped.spans(of: labels), [
            Span(start: 0, end: 2, type: "NNG"), Span(start: 2, end: 3, type: "JKS"),
            Span(start: 3, end: 6, type: "VV"), Span(start: 7, end: 8, type: ""),
        ])
        XCTAssertEqual(TagScheme.untyped.labelSet(types: ["NNG", "VV"]), ["O", "B-NNG", "B-VV", "I"])
    }

    func testLabelsForSpansInEveryScheme() {
        let spans = [Span(start: 0, end: 2, type: "PER"), Span(start: 2, end: 3, type: "PER"),
                     Span(start: 4, end: 7, type: "LOC")]
        XCTAssertEqual(TagScheme.bio.labels(for: spans, count: 8),
                       ["B-PER", "I-PER", "B-PER", "O", "B-LOC", "I-LOC", "I-LOC", "O"])
        XCTAssertEqual(TagScheme.iob1.labels(for: spans, count: 8),
                       ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-LOC", "I-LOC", "O"])
        XCTAssertEqual(TagScheme.iobes.labels(for: spans, count: 8),
                       ["B-PER", "E-PER", "S-PER", "O", "B-LOC", "I-LOC", "E-LOC", "O"])
        XCTAssertEqual(TagScheme.untyped.labels(for: spans, count: 8),
                       ["B-PER", "I", "B-PER", "O", "B-LOC", "I", "I", "O"])
    }

    func testBadSpansAreClippedNotCrashing() {
        let spans = [Span(start: -2, end: 1, type: "A"), Span(start: 0, end: 3, type: "B"),
                     Span(start: 5, end: 4, type: "C"), Span(start: 3, end: 99, type: "D")]
        XCTAssertEqual(TagScheme.bio.labels(for: spans, count: 4), ["B-A", "B-B", "I-B", "B-D"])
        XCTAssertEqual(TagScheme.iobes.labels(for: spans, count: 0), [])
    }

    /// Random valid spans: every scheme writes them, reads them back, and every conversion
    /// between two schemes and back gives the original labels.
    func testEveryConversionRoundTrips() {
        var state: UInt64 = 12345
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let types = ["PER", "LOC", "NP-SBJ", "X"]
        for _ in 0..<300 {
            let count = random(12)
            var spans: [Span] = []
            var position = 0
            while position < count {
                if random(3) == 0 { position += 1; continue }
                let length = 1 + random(min(4, count - position))
                spans.append(Span(start: position, end: position + length, type: types[random(types.count)]))
                position += length
            }
            for scheme in TagScheme.allCases {
                let labels = scheme.labels(for: spans, count: count)
                XCTAssertEqual(scheme.spans(of: labels), spans, "\(scheme) \(labels)")
                XCTAssertEqual(scheme.violations(in: labels), [], "\(scheme) \(labels)")
                for target in TagScheme.allCases {
                    let there = scheme.convert(labels, to: target)
                    XCTAssertEqual(target.convert(there, to: scheme), labels, "\(scheme)->\(target)")
                }
            }
        }
    }

    func testViolationsListPositions() {
        let bio = TagScheme.bio.violations(in: ["I-PER", "B-LOC", "I-ORG", "E-X", "O"])
        XCTAssertEqual(bio.map(\.position), [0, 2, 3])
        XCTAssertEqual(bio[0].previous, nil)
        XCTAssertEqual(bio[1].previous, "B-LOC")
        let iobes = TagScheme.iobes.violations(in: ["B-A", "O", "B-A", "I-A"])
        XCTAssertEqual(iobes.map(\.position), [1, 4])
        XCTAssertNil(iobes[1].label)
        XCTAssertEqual(TagScheme.iob1.violations(in: ["B-A", "I-A", "B-A", "O", "B-B"]).map(\.position), [0, 4])
        XCTAssertEqual(TagScheme.untyped.violations(in: ["I", "B-A", "I", "I-A"]).map(\.position), [0, 3])
    }

    func testBarePrefixesAreTheEmptyType() {
        // Morpheme segmentation labels: B/I untyped, B-+/I-+ for fused syllables.
        XCTAssertTrue(TagScheme.bio.isValid("B"))
        XCTAssertTrue(TagScheme.bio.isValid("I"))
        XCTAssertEqual(TagScheme.bio.violations(in: ["B", "I", "B-+", "I-+", "O", "B"]), [])
        XCTAssertEqual(TagScheme.bio.violations(in: ["B-+", "I"]).map(\.position), [1])
        XCTAssertTrue(TagScheme.bio.allows(previous: "B", next: "I"))
        XCTAssertTrue(TagScheme.bio.allows(previous: "B-", next: "I"))
        XCTAssertFalse(TagScheme.bio.allows(previous: "O", next: "I"))
        XCTAssertTrue(TagScheme.iobes.allows(previous: "B", next: "E"))
        XCTAssertFalse(TagScheme.bio.isValid("E"))
    }

    func testTransitionRule() {
        let labels = TagScheme.iobes.labelSet(types: ["A"])   // O B-A I-A E-A S-A
        let rule = TagScheme.iobes.transitionRule(labels: labels)
        XCTAssertEqual(labels.indices.map { rule.allows(nil, $0) }, [true, true, false, false, true])
        XCTAssertEqual(labels.indices.map { rule.ends($0) }, [true, false, false, true, true])
        XCTAssertTrue(rule.allows(1, 2))   // B-A -> I-A
        XCTAssertFalse(rule.allows(1, 0))  // B-A -> O
        XCTAssertTrue(rule.allows(3, 1))   // E-A -> B-A
        // By index, the rule answers what the label-string questions answer, in every scheme.
        let odd = ["O", "B-A", "I-A", "E-A", "S-A", "B-B", "I-B", "B", "I", "B-", "I-", "X",
                   "B-NP-SBJ", "I-NP-SBJ"]
        for scheme in TagScheme.allCases {
            let rule = scheme.transitionRule(labels: odd)
            for (j, next) in odd.enumerated() {
                XCTAssertEqual(rule.allows(nil, j), scheme.allows(previous: nil, next: next),
                               "\(scheme) ^ \(next)")
                XCTAssertEqual(rule.ends(j), scheme.allowsEnd(after: next), "\(scheme) \(next) $")
                for (i, previous) in odd.enumerated() {
                    XCTAssertEqual(rule.allows(i, j), scheme.allows(previous: previous, next: next),
                                   "\(scheme) \(previous) -> \(next)")
                }
            }
        }
        XCTAssertTrue(TagScheme.bio.allows(previous: "B-NP-SBJ", next: "I-NP-SBJ"))
        XCTAssertFalse(TagScheme.bio.allows(previous: "B-NP", next: "I-NP-SBJ"))
    }

    func testSchemeNames() {
        XCTAssertEqual(TagScheme(name: "IOB2"), .bio)
        XCTAssertEqual(TagScheme(name: "iobes"), .iobes)
        XCTAssertNil(TagScheme(name: "bilou"))
    }
}
