import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `GET http://127.0.0.1:<port><path>`: the status code and the body as text (the metrics and
/// health endpoints).
public func httpGet(port: Int, _ path: String) async throws -> (Int, String) {
  let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
  return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
