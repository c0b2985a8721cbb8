//! The property tests' proptest settings (a file of its own: the fuzz crate shares
//! tests/common/mod.rs and has no proptest).
use proptest::test_runner::{Config, RngSeed};

/// `cases` unless PROPTEST_CASES says otherwise; the suite's fixed `seed` unless
/// PROPTEST_RNG_SEED gives one; no regression files written into the source tree.
pub fn config(cases: u32, seed: u64) -> Config {
    let defaults = Config::default();
    Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            defaults.cases
        } else {
            cases
        },
        rng_seed: match defaults.rng_seed {
            RngSeed::Random => RngSeed::Fixed(seed),
            fixed => fixed,
        },
        failure_persistence: None,
        ..defaults
    }
}
