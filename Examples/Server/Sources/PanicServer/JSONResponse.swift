import Foundation
import Hummingbird

/// JSON responses, encoded with sorted keys.
enum JSONResponse {
    /// `value` as a 200 response.
    static func ok(_ value: some Encodable) -> Response {
        make(value, status: .ok)
    }

    /// `value` as a response with `status`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)) ?? Data(#"{"error":"encoding"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
