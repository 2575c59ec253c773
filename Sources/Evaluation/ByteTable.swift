/// Interns byte strings (labels, types) as dense integer ids without allocating per lookup:
/// an open-addressing hash table over one byte arena. Ids count from 0 in order of first sight.
struct ByteTable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []       // per id: start in arena
    private var lengths: [Int] = []       // per id: length
    private var slots: [Int32]            // -1 empty, else id
    private var hashes: [UInt64] = []     // per id
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 64)
        mask = 63
    }

    /// Number of distinct strings.
    var count: Int { offsets.count }

    /// The bytes of `id`.
    func bytes(_ id: Int) -> [UInt8] {
        Array(arena[offsets[id]..<(offsets[id] + lengths[id])])
    }

    private static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in p { h = (h ^ UInt64(byte)) &* 0x100000001b3 }
        return h ^ (h >> 29)
    }

    /// The id of `key`, and whether it was new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let h = ByteTable.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == h && lengths[id] == key.count && equal(id, key) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = offsets.count
        offsets.append(arena.count)
        lengths.append(key.count)
        hashes.append(h)
        arena.append(contentsOf: key)
        slots[slot] = Int32(id)
        if offsets.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The id of `key`, and whether it was new.
    mutating func intern(_ key: [UInt8]) -> (id: Int, isNew: Bool) {
        key.withUnsafeBufferPointer { intern($0) }
    }

    private func equal(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { a in
            let start = offsets[id]
            for i in 0..<key.count where a[start + i] != key[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0..<offsets.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
