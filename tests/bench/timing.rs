//! Per-call timing shared by the benchmarks: percentiles of individually timed calls, printed as
//! one aligned row.

use std::time::Duration;

/// The distribution of individually timed calls.
pub struct Percentiles {
    pub median: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub samples: usize,
}

impl Percentiles {
    /// The percentiles of `samples` (in any order).
    pub fn of(mut samples: Vec<Duration>) -> Percentiles {
        samples.sort();
        let at = |p: f64| {
            let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
            samples.get(i).copied().unwrap_or_default()
        };
        Percentiles {
            median: at(0.5),
            p90: at(0.9),
            p99: at(0.99),
            max: samples.last().copied().unwrap_or_default(),
            samples: samples.len(),
        }
    }

    /// One row: `name` padded to `width`, then the percentiles.
    pub fn print(&self, name: &str, width: usize) {
        println!(
            "  {name:<width$} median {:>9.2?}  p90 {:>9.2?}  p99 {:>9.2?}  max {:>9.2?}  ({} calls)",
            self.median, self.p90, self.p99, self.max, self.samples
        );
    }
}
