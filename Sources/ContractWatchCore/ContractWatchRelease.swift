/// Which ContractWatch this is, as `contractwatch --version` prints it.
package enum ContractWatchRelease {
    /// The release's version, raised with each release: major.minor.patch.
    package static let version = "0.3.0"
}
