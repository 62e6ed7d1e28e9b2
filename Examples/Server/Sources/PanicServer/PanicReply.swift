import PanicRuntime

/// The body of a 500: what panicked and where, without a backtrace
/// (the log record and the stderr report have the details).
struct PanicReply: Encodable {
    let error = "panic"
    let message: String
    let location: String

    init(_ panicked: Panicked) {
        message = panicked.message ?? "<non-string payload of type \(type(of: panicked.payload))>"
        location = panicked.location.description
    }
}
