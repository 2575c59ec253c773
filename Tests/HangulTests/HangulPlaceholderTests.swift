import XCTest
@testable import Hangul
// Replaced by real tests as the Hangul target grows.
