/// The tool's version, part of every cache key: a new version recomputes everything.
public enum ToolInfo {
    public static let version = "0.4.0"
}
