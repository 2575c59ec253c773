import XCTest
@testable import Kernels
// Replaced by real tests as the Kernels target grows.
