// libFuzzer harness: the restoration dictionary, in its text format (`--dictionary FILE`) and as
// the JSON a model file embeds; lookups and decoding with whatever loads.
// Build and run with tools/fuzz/run SECONDS dictionary.
import Corpus
import Foundation
import Hangul

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    var loaded: [RestorationDictionary] = []
    do {
        loaded.append(try RestorationDictionary(text: String(decoding: bytes, as: UTF8.self), source: "fuzz"))
    } catch {
        check(error)
    }
    if let json = try? JSONDecoder().decode(RestorationDictionary.self, from: bytes) { loaded.append(json) }
    for dictionary in loaded {
        let text = dictionary.formatted()
        guard let again = try? RestorationDictionary(text: text, source: "again") else {
            fatalError("a formatted dictionary does not read back")
        }
        _ = again.count
        for syllable in ["했", "가", "ㄴ", "<w>"] {
            for type in ["XSV+EP", "NNG", "VV+EP", "+"] {
                _ = dictionary.restoration(syllable: syllable, type: type)
                _ = dictionary.candidates(syllable: syllable, type: type)
            }
        }
        // Decoding learns restoration rules from whatever loaded: word starts, joining syllables,
        // lone initials, insertions, and segmentation labels (no tags).
        var decoder = MorphemeDecoder(dictionary: dictionary, kind: .pos)
        _ = decoder.words(tokens: ["했", "다", "▁", "가", "▁", "가", "까", "운", "▁", "달", "라", "▁",
                                   "자", "리", "세"],
                          labels: ["B-XSV+EP", "B-EF", "O", "B-VV+EP", "O", "B-VA", "I-VA", "B-VA+ETM", "O",
                                   "B-VA+", "B-VA+EC", "O", "B-NNG", "I-NNG", "B-VCP+EP+EF"])
        var seg = MorphemeDecoder(dictionary: dictionary, kind: .seg)
        _ = seg.words(tokens: ["했", "다", "▁", "운", "다"], labels: ["B-+", "B", "O", "B-+", "I-+"])
        _ = try? JSONEncoder().encode(dictionary)
    }
    return 0
}
