import XCTest
@testable import Evaluation
// Replaced by real tests as the Evaluation target grows.
