import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

private let spawnLock = NSLock()

/// Runs `path` with `arguments` by posix_spawn and returns its exit status (or, killed by a
/// signal, the signal's number, as Foundation's `Process.terminationStatus`) and both streams.
///
/// Not Foundation's `Process`: on Linux (Swift 6.3.1) `Process.run()` over-reads a directory
/// entry while it closes the child's descriptors and crashes the test runner about one run in
/// five when many tests spawn at once (swift-corelibs-foundation PR 5472; it took down a
/// release-mode CI run here in `FuzzTests`). The pipes are close-on-exec, so a child spawned
/// concurrently by another test never holds this one's pipe open.
func spawn(
    _ path: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double? = nil
) throws -> Plateau.Output {
    var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
    // pipe2(O_CLOEXEC) is not imported: the pipes are made close-on-exec under a lock that every
    // spawn here takes, so no concurrent spawn can inherit them in between.
    spawnLock.lock()
    guard pipe(&out) == 0, pipe(&err) == 0 else {
        spawnLock.unlock()
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, out[1], 1)
    posix_spawn_file_actions_adddup2(&actions, err[1], 2)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
    spawnLock.unlock()
    close(out[1])
    close(err[1])
    guard spawned == 0 else {
        close(out[0])
        close(err[0])
        throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
    }
    let killer = timeout.map { seconds in
        let item = DispatchWorkItem { kill(pid, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
        return item
    }
    // Both streams drained together, so a child that fills one pipe never blocks on it.
    var streams = [Data(), Data()]
    var fds = [pollfd(fd: out[0], events: Int16(POLLIN), revents: 0), pollfd(fd: err[0], events: Int16(POLLIN), revents: 0)]
    var open = 2
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while open > 0 {
        guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
        for k in fds.indices where fds[k].fd >= 0 && fds[k].revents != 0 {
            let count = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
            if count > 0 {
                streams[k].append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                close(fds[k].fd)
                fds[k].fd = -1
                open -= 1
            }
        }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    killer?.cancel()
    // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
    let signal = status & 0x7f
    return Plateau.Output(
        status: signal == 0 ? (status >> 8) & 0xff : signal,
        stdout: String(decoding: streams[0], as: UTF8.self), stderr: String(decoding: streams[1], as: UTF8.self))
}
