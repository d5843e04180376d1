//! The wire syntax of the OData Edm primitives that Microsoft Graph carries as JSON strings:
//! `Edm.Date`, `Edm.TimeOfDay`, `Edm.DateTimeOffset`, `Edm.Duration`, `Edm.Binary` (base64) and
//! `Edm.Guid`.
//!
//! One implementation for two users: the runtime (`graphdoc-generated`'s `edm` types build their
//! chrono and uuid values from what these parsers return) and the generator's example checker
//! (which must accept exactly what the runtime accepts). It depends on nothing but `std`, so
//! the generator, and with it every build of the proc macros, pays nothing for it.
//!
//! Every parser reads bytes through a cursor that cannot index out of bounds and returns a short
//! reason on bad input; none panics, whatever the input.
//!
//! ```
//! let t = graphdoc_edm::date_time_offset("2021-07-16T10:00:00.0000000").unwrap();
//! assert_eq!((t.date.year, t.time.hour, t.offset_seconds), (2021, 10, 0));
//! assert!(graphdoc_edm::duration("PT1H30M").is_ok());
//! assert_eq!(graphdoc_edm::base64::decode("aGVsbG8").unwrap(), b"hello");
//! assert!(graphdoc_edm::guid("not-a-guid").is_err());
//! ```

#![forbid(unsafe_code)]

pub mod base64;
mod cursor;
mod date_time;
mod duration;
mod guid;

pub use cursor::{fraction_nanos, parse_u64};
pub use date_time::{date, date_time_offset, time_of_day, Date, DateTimeOffset, Time};
pub use duration::{duration, Duration};
pub use guid::guid;

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the sweep needs no dependency and fails the same way
    /// every run.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
    }

    type Check = fn(&str) -> bool;

    /// Every parser, as a yes/no.
    const ALL: [(&str, Check); 6] = [
        ("guid", |s| guid(s).is_ok()),
        ("date_time_offset", |s| date_time_offset(s).is_ok()),
        ("date", |s| date(s).is_ok()),
        ("time_of_day", |s| time_of_day(s).is_ok()),
        ("duration", |s| duration(s).is_ok()),
        ("base64", |s| base64::decode(s).is_ok()),
    ];

    /// Random strings over the characters the grammars use: no parser panics.
    #[test]
    fn noise_never_panics() {
        let alphabet: Vec<char> = "0123456789-+:.,TtZzPYMWDHS =_/aé{}".chars().collect();
        let mut rng = Lcg(0x5eed);
        for _ in 0..40_000 {
            let len = (rng.next() % 40) as usize;
            let s: String = (0..len)
                .filter_map(|_| alphabet.get((rng.next() % alphabet.len() as u64) as usize))
                .collect();
            for (_, parse) in ALL {
                parse(&s);
            }
        }
    }

    /// Mutations of valid values (the seeds the runtime and the example checker were once
    /// kept in step with, when each had its own parsers): every seed parses, no mutation
    /// panics.
    #[test]
    fn mutations_never_panic() {
        let seeds: &[(Check, &[&str])] = &[
            (
                |s| date_time_offset(s).is_ok(),
                &[
                    "2021-07-16T10:00:00.0000000Z",
                    "2021-07-16T15:30:00+05:30",
                    "2016-12-31T23:59:60.5-00:00",
                    "2024-02-29t10:00z",
                    "+262142-12-31T23:59:59Z",
                    "-262143-01-01T00:00:00Z",
                    "0000-01-01T00:00:00",
                ],
            ),
            (
                |s| date(s).is_ok(),
                &["2021-07-16", "+2000-02-29", "-0044-03-15", "262142-12-31"],
            ),
            (
                |s| time_of_day(s).is_ok(),
                &["08:00:00.0000000", "23:59:60", "12:34"],
            ),
            (
                |s| duration(s).is_ok(),
                &[
                    "P1Y2M3W4DT5H6M7.123456789S",
                    "-PT18446744073709551615S",
                    "pt0,5s",
                    "+P1D",
                ],
            ),
            (
                |s| base64::decode(s).is_ok(),
                &[
                    "aGVsbG8gd29ybGQ=",
                    "aGVsbG8",
                    "-_8=",
                    "QQ==",
                    "QUJD",
                    "+/+/",
                ],
            ),
            (
                |s| guid(s).is_ok(),
                &[
                    "5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F",
                    "5f4f2e1c0b7a4c3b9d2e8a1b2c3d4e5f",
                    "{5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f}",
                    "URN:UUID:5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
                ],
            ),
        ];
        let alphabet: Vec<char> = "0123456789-+:.,TtZzPpYMWDHS =_/{}aéQ".chars().collect();
        let mut rng = Lcg(0x5eed);
        for (accepts, values) in seeds {
            for seed in *values {
                assert!(accepts(seed), "{seed:?}");
                let chars: Vec<char> = seed.chars().collect();
                for _ in 0..5_000 {
                    let mut m = chars.clone();
                    for _ in 0..1 + rng.next() % 3 {
                        let at = (rng.next() % (m.len() as u64 + 1)) as usize;
                        let pick = alphabet[(rng.next() % alphabet.len() as u64) as usize];
                        match rng.next() % 3 {
                            0 if at < m.len() => {
                                m.remove(at);
                            }
                            1 => m.insert(at, pick),
                            _ if at < m.len() => m[at] = pick,
                            _ => {}
                        }
                    }
                    let s: String = m.into_iter().collect();
                    for (_, parse) in ALL {
                        parse(&s);
                    }
                }
            }
        }
    }
}
