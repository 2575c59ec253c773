import Corpus
import Foundation
import XCTest
@testable import Hangul

final class RestorationDictionaryTests: XCTestCase {
    private let hayeo = Restoration([Morpheme("하", "XSV"), Morpheme("였", "EP")])
    private let haass = Restoration([Morpheme("하", "XSV"), Morpheme("았", "EP")])

    func testMostFrequentWinsAndContextComesFirst() {
        var dictionary = RestorationDictionary()
        dictionary.add(haass, syllable: "했", type: "XSV+EP", previous: "부", count: 3)
        dictionary.add(hayeo, syllable: "했", type: "XSV+EP", previous: "부", count: 1)
        dictionary.add(hayeo, syllable: "했", type: "XSV+EP", previous: "동", count: 2)
        // Over all contexts 3 against 3: the tie goes to the smaller description (았 < 였).
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP"), haass)
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP", previous: "동"), hayeo)
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP", previous: "부"), haass)
        XCTAssertNil(dictionary.restoration(syllable: "했", type: "VV+EP"))
        XCTAssertEqual(dictionary.count, 1)
        XCTAssertEqual(dictionary.contextCount, 2)
        XCTAssertEqual(dictionary.candidates(syllable: "했", type: "XSV+EP").map(\.count), [3, 3])
    }

    func testExactContextAndPairMembership() {
        var dictionary = RestorationDictionary()
        dictionary.add(haass, syllable: "했", type: "XSV+EP", previous: "부", count: 3)
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP", exactlyAfter: "부"), haass)
        XCTAssertNil(dictionary.restoration(syllable: "했", type: "XSV+EP", exactlyAfter: "동"))
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP", previous: "동"), haass)
        XCTAssertTrue(dictionary.contains(syllable: "했", type: "XSV+EP"))
        XCTAssertFalse(dictionary.contains(syllable: "했", type: "VV+EP"))
    }

    func testTieBreaksOnDescription() {
        var dictionary = RestorationDictionary()
        dictionary.add(hayeo, syllable: "했", type: "XSV+EP")
        dictionary.add(haass, syllable: "했", type: "XSV+EP")
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP"), haass)   // 았 < 였
    }

    func testTextFormatRoundTripAndLineNumberedErrors() throws {
        var dictionary = RestorationDictionary()
        dictionary.add(haass, syllable: "했", type: "XSV+EP", previous: "부", count: 34)
        dictionary.add(Restoration([Morpheme("\u{11B8}", "VA"), Morpheme("ㄴ", "ETM")], joinsPrevious: true),
                       syllable: "운", type: "VA+ETM", previous: "까", count: 2)
        let text = dictionary.formatted()
        XCTAssertEqual(text, """
            # biotag restoration dictionary 2
            # syllable\ttype\tprevious\tjoins\tanalysis\tcount
            운\tVA+ETM\t까\t1\t\u{11B8}/VA + ㄴ/ETM\t2
            했\tXSV+EP\t부\t0\t하/XSV + 았/EP\t34

            """)
        XCTAssertEqual(try RestorationDictionary(text: text, source: "d.txt"), dictionary)
        let bad: [(String, Int?)] = [("했\tXSV+EP\t부\t0\t하/XSV\n", nil), ("#\n했\tXSV+EP\t부\t2\t하/XSV\t1\n", 4),
                                     ("했\tXSV+EP\t부\t0\t하\t1\n", 5), ("했\tXSV+EP\t부\t0\t하/XSV\t0\n", 6)]
        for (input, column) in bad {
            XCTAssertThrowsError(try RestorationDictionary(text: input, source: "d.txt")) { error in
                let e = error as? InputError
                XCTAssertEqual(e?.file, "d.txt")
                XCTAssertNotNil(e?.line)
                XCTAssertEqual(e?.column, column)
            }
        }
    }

    func testCodableRoundTripWritesTheTextForm() throws {
        var dictionary = RestorationDictionary()
        dictionary.add(haass, syllable: "했", type: "XSV+EP", previous: "<w>", count: 5)
        dictionary.add(hayeo, syllable: "#", type: "XSV+EP", previous: "<w>", count: 1)
        let data = try JSONEncoder().encode(dictionary)
        XCTAssertEqual(try JSONDecoder().decode(RestorationDictionary.self, from: data), dictionary)
        XCTAssertEqual(try JSONDecoder().decode(String.self, from: data), dictionary.formatted())
    }

    func testCodableFallsBackToEntriesWhenTheTextFormWouldLoseOne() throws {
        // A syllable starting with `#` reads as a comment line, a tab as a field separator.
        for syllable in ["#x", "a\tb", "a\nb"] {
            var dictionary = RestorationDictionary()
            dictionary.add(haass, syllable: syllable, type: "XSV+EP", previous: "<w>", count: 2)
            dictionary.add(hayeo, syllable: "했", type: "XSV+EP", previous: "부", count: 1)
            let data = try JSONEncoder().encode(dictionary)
            XCTAssertEqual(String(decoding: data, as: UTF8.self).first, "[", syllable)
            XCTAssertEqual(try JSONDecoder().decode(RestorationDictionary.self, from: data), dictionary)
        }
    }

    func testDecodesTheEntryArrayOfOlderModelFiles() throws {
        let json = #"[{"analysis":"하/XSV + 았/EP","count":34,"joins":false,"previous":"부","syllable":"했","#
            + #""type":"XSV+EP"},{"analysis":"ᆸ/VA + ㄴ/ETM","count":2,"joins":true,"previous":"까","#
            + #""syllable":"운","type":"VA+ETM"}]"#
        let dictionary = try JSONDecoder().decode(RestorationDictionary.self, from: Data(json.utf8))
        XCTAssertEqual(dictionary.contextCount, 2)
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP"), haass)
        XCTAssertEqual(dictionary.restoration(syllable: "운", type: "VA+ETM")?.joinsPrevious, true)
        let bad = #"[{"analysis":"하","count":1,"joins":false,"previous":"부","syllable":"했","type":"X"}]"#
        XCTAssertThrowsError(try JSONDecoder().decode(RestorationDictionary.self, from: Data(bad.utf8)))
    }

    func testTextFormInJSONReportsTheBadLine() {
        let json = ##""# biotag restoration dictionary 2\n했\tXSV+EP\t부\t0\t하\t1\n""##
        let data = Data(json.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(RestorationDictionary.self, from: data)) { error in
            guard case DecodingError.dataCorrupted(let context) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertTrue(context.debugDescription.contains(":2:5:"), context.debugDescription)
        }
    }

    func testTextFormatAcceptsCRLFLines() throws {
        let text = "# biotag restoration dictionary 2\r\n했\tXSV+EP\t부\t0\t하/XSV + 았/EP\t3\r\n"
        let dictionary = try RestorationDictionary(text: text, source: "d.txt")
        XCTAssertEqual(dictionary.restoration(syllable: "했", type: "XSV+EP", previous: "부"), haass)
    }

    func testMissingFileIsAnIOError() {
        XCTAssertThrowsError(try RestorationDictionary.load(path: "/nonexistent/dictionary.txt")) { error in
            XCTAssertEqual((error as? InputError)?.kind, .io)
        }
    }
}
