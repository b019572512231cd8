//! `review --html`: the report as one self-contained page.

use crate::review::review::Report;

/// The page.
pub fn page(report: &Report) -> String {
    format!("<!doctype html><p>{}</p>", report.records)
}
