import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A W3C WebDriver session on headless Chromium through Debian's `chromedriver`, for the pages
/// that have a script (the what-if page): load an address, read the DOM, press keys on a control
/// as a person would, read the browser's console, take a screenshot. Only the few endpoints the
/// tests use; `chromedriver` runs on a port of its own choosing and is stopped with the session.
///
/// HTTP is spoken over a plain socket: FoundationNetworking's URLSession (Swift 6.3.1, Linux)
/// rejects chromedriver's responses ("Failed writing header": its headers have no space after
/// the colon, `Content-Length:252`).
final class WebDriver {
    static let driver: String? = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    let port: Int
    var session = ""

    /// Starts `chromedriver` and a headless Chromium session `width` × `height` pixels.
    init(driver: String, browser: String, log: URL, width: Int = 1400, height: Int = 1000) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Nothing of the test runner's is inherited: `swift test` waits for every holder of its
        // output pipe, and a browser that outlived the driver would hold it for ever.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // (posix_spawn_file_actions_addclosefrom_np is not imported: every descriptor of this
        // process from 3 up is made close-on-exec instead; the test runner never execs itself.)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd >= 3 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        let arguments: [String] = [driver, "--port=0"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, driver, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "could not start \(driver): error \(spawned)") }
        self.pid = pid
        // "ChromeDriver was started successfully on port 33995."
        var found: Int?
        for _ in 0..<100 where found == nil {
            usleep(100_000)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "started successfully on port ") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let found else {
            kill(pid, SIGKILL)
            throw Failure(description: "chromedriver did not say its port: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        port = found
        let capabilities: [String: Any] = [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": browser,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=\(width),\(height)"],
            ],
            "goog:loggingPrefs": ["browser": "ALL"],
        ]
        do {
            let value = try call("POST", "session", ["capabilities": ["alwaysMatch": capabilities]])
            guard let id = (value as? [String: Any])?["sessionId"] as? String else {
                throw Failure(description: "no session: \(value)")
            }
            session = id
        } catch {
            kill(pid, SIGKILL)
            throw error
        }
    }

    /// Ends the session and stops `chromedriver`.
    func quit() {
        if !session.isEmpty { _ = try? call("DELETE", "session/\(session)") }
        // chromedriver ignores SIGTERM: its own /shutdown, then SIGKILL in case it did not listen.
        _ = try? Self.http("GET", port: port, path: "/shutdown", body: Data())
        usleep(200_000)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// One WebDriver command; its `value`, or a ``Failure`` with the driver's error.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        let data = try Self.http(method, port: port, path: "/" + path, body: payload)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "\(method) \(path): not JSON: \(String(decoding: data, as: UTF8.self))")
        }
        let value = object["value"] ?? NSNull()
        if let error = (value as? [String: Any])?["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \((value as? [String: Any])?["message"] ?? "")")
        }
        return value
    }

    /// One HTTP/1.1 request to 127.0.0.1 with `Connection: close`; the response's body.
    static func http(_ method: String, port: Int, path: String, body: Data) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: error \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): error \(errno)") }
        var request = Data(
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        request.append(body)
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, 0)
                guard n > 0 else { throw Failure(description: "send: error \(errno)") }
                sent += n
            }
        }
        // Read until the headers and Content-Length bytes of body have come (chromedriver keeps
        // the connection open), or the peer closes.
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let split = response.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: response[..<split.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                if let length, response.count - split.upperBound >= length {
                    return response[split.upperBound..<(split.upperBound + length)]
                }
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                response.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "\(method) \(path): no HTTP response")
        }
        return response[split.upperBound...]
    }

    func open(_ url: String) throws { try call("POST", "session/\(session)/url", ["url": url]) }

    /// The element matching a CSS selector (its WebDriver reference).
    func element(_ selector: String) throws -> String {
        let value = try call("POST", "session/\(session)/element", ["using": "css selector", "value": selector])
        guard let id = (value as? [String: Any])?.values.first as? String else {
            throw Failure(description: "no element \(selector)")
        }
        return id
    }

    /// Keys typed into the element, as a person would (WebDriver's Element Send Keys).
    func type(_ text: String, into selector: String) throws {
        let id = try element(selector)
        try call("POST", "session/\(session)/element/\(id)/value", ["text": text])
    }

    func click(_ selector: String) throws {
        let id = try element(selector)
        try call("POST", "session/\(session)/element/\(id)/click", [:])
    }

    /// A script's return value.
    func run(_ script: String) throws -> Any {
        try call("POST", "session/\(session)/execute/sync", ["script": script, "args": [Any]()])
    }

    /// Every message the page wrote to the browser's console since the last call.
    func console() throws -> [String] {
        let value = try call("POST", "session/\(session)/se/log", ["type": "browser"])
        return (value as? [[String: Any]] ?? []).map { "\($0["level"] ?? ""): \($0["message"] ?? "")" }
    }

    func resize(width: Int, height: Int) throws {
        try call("POST", "session/\(session)/window/rect", ["width": width, "height": height])
    }

    /// A PNG of the viewport.
    func screenshot() throws -> Data {
        let value = try call("GET", "session/\(session)/screenshot")
        guard let text = value as? String, let data = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot")
        }
        return data
    }

    /// Special keys of WebDriver's key table.
    static let arrowRight = "\u{E014}"
    static let arrowLeft = "\u{E012}"
}
