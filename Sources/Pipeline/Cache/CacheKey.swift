/// A cache key as the store writes it: 64 lower-case hex digits (a SHA-256). Every key read
/// from disk (manifests, node records, folder names) is checked to be one before a path is
/// made of it, so no file in a shared cache can steer a removal outside it.
enum CacheKey {
    static func isValid(_ key: String) -> Bool {
        key.utf8.count == 64 && key.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
