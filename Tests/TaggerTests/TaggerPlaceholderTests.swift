import XCTest
@testable import Tagger
// Replaced by real tests as the Tagger target grows.
