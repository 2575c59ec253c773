import XCTest
@testable import Network
// Replaced by real tests as the Network target grows.
