import XCTest
@testable import Tagger

/// `WebAddress.ranges(in:)`: which runs of characters are kept whole as one address.
final class WebAddressTests: XCTestCase {
    /// The addresses found in `text` tokenized one character per token (a space is a token).
    func addresses(_ text: String) -> [String] {
        let tokens = text.map(String.init)
        return WebAddress.ranges(in: tokens).map { tokens[$0].joined() }
    }

    func testWebAddressesStartAtTheirSchemeAndEndBeforePunctuationAndHangul() {
        XCTAssertEqual(addresses("링크:https://news.naver.com/a/123?id=5&x=%20 에서"),
                       ["https://news.naver.com/a/123?id=5&x=%20"])
        XCTAssertEqual(addresses("https://github.com/apple/swift에 올렸다"), ["https://github.com/apple/swift"])
        XCTAssertEqual(addresses("(https://a.com/x) 참고"), ["https://a.com/x"])
        XCTAssertEqual(addresses("끝은 HTTP://B.KR. 그리고 ftp://files.example.org!"),
                       ["HTTP://B.KR", "ftp://files.example.org"])
        XCTAssertEqual(addresses("www.microsoft.com을 보세요, www.a.kr."), ["www.microsoft.com", "www.a.kr"])
    }

    func testEmailAddressesNeedALocalPartAndADomainWithATopLevelName() {
        XCTAssertEqual(addresses("문의:help@example.co.kr 로"), ["help@example.co.kr"])
        XCTAssertEqual(addresses("a.b-c+d@mail.example.com."), ["a.b-c+d@mail.example.com"])
        for text in ["@user 님", "me@localhost", "a@b.c", "x@y.12", "a@@b.com", "@.com"] {
            XCTAssertEqual(addresses(text), [], text)
        }
    }

    func testOtherRunsAreNotAddresses() {
        for text in ["3.14 와 2:30", "http://", "https://a", "www.com", "id=5?x", "A/B 테스트", ""] {
            XCTAssertEqual(addresses(text), [], text)
        }
    }
}
