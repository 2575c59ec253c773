// LOCAL STUB, NEVER COMMIT
public final class Parameter {
    public let name: String; public let shape: [Int]; public var value: [Float]; public var grad: [Float]
    public var frozen = false
    public init(name: String, shape: [Int]) { self.name = name; self.shape = shape; value = .init(repeating: 0, count: shape.reduce(1,*)); grad = value }
    public func zeroGrad() {}
}
public struct NetworkConfig: Codable, Equatable, Sendable {
    public var vocabularySize: Int; public var labelCount: Int
    public var embedding: Int; public var hidden: Int; public var layers: Int; public var dropout: Float
    public var crf: Bool
    public var featureCount: Int; public var featureEmbedding: Int
    public var characterVocabularySize: Int; public var characterEmbedding: Int; public var characterHidden: Int
    public var threads: Int = 1; public var problem: String? { nil }
}
public struct NetworkBatch {
    public var tokens: [[Int32]]; public var features: [[Int32]]?; public var characters: [[[Int32]]]?; public var labels: [[Int32]]?
    public init(tokens: [[Int32]], features: [[Int32]]?, characters: [[[Int32]]]?, labels: [[Int32]]?) { self.tokens = tokens; self.features = features; self.characters = characters; self.labels = labels }
}
public final class TaggerNetwork {
    public init(config: NetworkConfig, seed: UInt64) { parameters = [] }
    public var parameters: [Parameter]
    public var allowedTransitions: [Bool]?
    public func trainStep(_ batch: NetworkBatch, dropoutSeed: UInt64) -> Float { 0 }
    public func predict(_ batch: NetworkBatch) -> (labels: [[Int32]], confidence: [[Float]]) { ([], []) }
}
public protocol Optimizer: AnyObject { var parameters: [Parameter] { get }; var learningRate: Float { get set }; func step(); func state() -> [(name: String, value: [Float])]; func load(state: [String: [Float]]) throws }
extension Optimizer { public func zeroGrad() {} }
public final class Adam: Optimizer { public let parameters: [Parameter]; public var learningRate: Float
    public init(parameters: [Parameter], learningRate: Float) { self.parameters = parameters; self.learningRate = learningRate }
    public func step() {}; public func state() -> [(name: String, value: [Float])] { [] }; public func load(state: [String: [Float]]) throws {} }
public func clipGlobalNorm(_ p: [Parameter], maxNorm: Float) -> Float { 0 }
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) }
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }
}
public final class SGD: Optimizer { public let parameters: [Parameter]; public var learningRate: Float
    public init(parameters: [Parameter], learningRate: Float) { self.parameters = parameters; self.learningRate = learningRate }
    public func step() {}; public func state() -> [(name: String, value: [Float])] { [] }; public func load(state: [String: [Float]]) throws {} }
extension SplitMix64 { public static func derive(_ seed: UInt64, stream: UInt64) -> UInt64 { seed } }
extension TaggerNetwork { public var threads: Int { get { 1 } set {} } }
