/// One float of valid storage, standing in for the base address of empty buffers.
private let emptyStorage = UnsafeMutablePointer<Float>.allocate(capacity: 16)

/// The base address of a buffer, or valid dummy storage when the buffer is empty.
@inline(__always)
func base(_ b: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float> {
    b.baseAddress ?? emptyStorage
}

/// The base address of a buffer, or valid dummy storage when the buffer is empty.
@inline(__always)
func base(_ b: UnsafeBufferPointer<Float>) -> UnsafePointer<Float> {
    b.baseAddress.map { UnsafePointer($0) } ?? UnsafePointer(emptyStorage)
}
