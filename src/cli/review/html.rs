//! `review --html`: the report as one self-contained page, for people who would rather look than
//! read.
//!
//! Four charts, drawn on our side as inline SVG with `plotters` (no script, no font, no network:
//! the browser sets the text): the answer rate per day, the outcomes per language, the largest
//! clusters and the most asked facts; then the clusters with their questions, actions and
//! evidence, and the facts no one asked about. Everything that came from a log is escaped. The
//! charts scale to the width of the screen (`viewBox`, `width: 100%`), so the page reads on a phone.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::messages as msg;
use crate::review::review::{Cluster, DayRow, FactCount, LanguageRow, Report};
use crate::text::escape_html as esc;

use super::{action_line, cluster_heading, cluster_label, evidence_line, kind_name, percent};

/// The width every chart is drawn at (its `viewBox`); the page scales it to the screen.
const WIDTH: u32 = 400;
/// The size of a chart's text at that width (`plotters` writes 1/1.24 of it as the font size:
/// 15 units, about 13 pixels on a phone).
const FONT: u32 = 19;
/// Rows of the bar charts.
const BARS: usize = 8;
/// Height of one bar row (a label line, then the bar).
const ROW: i32 = 48;
/// Margins.
const PAD: i32 = 12;
/// The font family the browser draws chart text in.
const FAMILY: &str = "sans-serif";

/// The colours of answered, clarified, refused and other questions.
const ANSWERED: RGBColor = RGBColor(46, 125, 50);
const CLARIFIED: RGBColor = RGBColor(25, 118, 210);
const REFUSED: RGBColor = RGBColor(230, 81, 0);
const OTHER: RGBColor = RGBColor(158, 158, 158);
const INK: RGBColor = RGBColor(33, 33, 33);
const GRID: RGBColor = RGBColor(224, 224, 224);

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart “{chart}”: {source}")]
pub struct ChartError {
    chart: &'static str,
    #[source]
    source: DrawingAreaErrorKind<std::io::Error>,
}

/// Which chart a drawing error belongs to.
fn failed(chart: &'static str) -> impl Fn(DrawingAreaErrorKind<std::io::Error>) -> ChartError {
    move |source| ChartError { chart, source }
}

/// The page.
pub fn page(report: &Report) -> Result<String, ChartError> {
    let mut body = String::new();
    body.push_str(&format!("<h1>{}</h1>\n", esc(msg::REVIEW_HTML_TITLE)));
    if report.records == 0 {
        body.push_str(&format!("<p>{}</p>\n", esc(msg::REVIEW_EMPTY)));
        return Ok(wrap(&body));
    }
    body.push_str(&summary(report));
    let charts: [(&str, &str, Option<String>); 4] = [
        (
            "rate",
            msg::REVIEW_HTML_RATE,
            Some(rate_chart(&report.days)?),
        ),
        (
            "languages",
            msg::REVIEW_HTML_LANGUAGES,
            (!report.languages.is_empty())
                .then(|| language_chart(&report.languages))
                .transpose()?,
        ),
        (
            "clusters",
            msg::REVIEW_HTML_CLUSTERS,
            (!report.clusters.is_empty())
                .then(|| cluster_chart(&report.clusters))
                .transpose()?,
        ),
        (
            "asked",
            msg::REVIEW_HTML_ASKED,
            (!report.most_asked.is_empty())
                .then(|| asked_chart(&report.most_asked))
                .transpose()?,
        ),
    ];
    for (id, title, svg) in charts {
        let Some(svg) = svg else { continue };
        body.push_str(&format!(
            "<figure class=\"chart\" id=\"chart-{id}\">\n<figcaption>{}</figcaption>\n{}</figure>\n",
            esc(title),
            label_svg(&svg, title)
        ));
    }
    body.push_str(&clusters(report));
    body.push_str(&facts(report));
    Ok(wrap(&body))
}

/// The document around `body`: the viewport for phones and the style, nothing fetched.
fn wrap(body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        title = esc(msg::REVIEW_HTML_TITLE),
    )
}

/// The page's style: one column, readable from a phone's width up.
const STYLE: &str = "\
body{margin:0;font:16px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#212121;background:#fafafa}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.chart{margin:1rem 0;padding:.5rem;background:#fff;border:1px solid #e0e0e0;border-radius:6px}
.chart figcaption{font-weight:600;margin-bottom:.25rem}
.chart svg{display:block;width:100%;max-width:34rem;height:auto}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
.cluster{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:.5rem .75rem;margin:.75rem 0}
.cluster h3{font-size:1rem;margin:0 0 .25rem}
.cluster ul{margin:.25rem 0;padding-left:1.2rem}
.action{font-weight:600;margin:.4rem 0 .2rem}
.evidence{color:#555;font-size:.92rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f5f5;padding:.5rem;font-size:.85rem}
p,li,td{overflow-wrap:anywhere}
";

/// An SVG as an image with a name (for screen readers).
fn label_svg(svg: &str, title: &str) -> String {
    svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{}\" ", esc(title)),
        1,
    )
}

/// The counts and rates, as a small table.
fn summary(report: &Report) -> String {
    let mut out = format!(
        "<p>{}</p>\n<table class=\"outcomes\">\n",
        esc(&msg::REVIEW_HEADER
            .replace("{records}", &report.records.to_string())
            .replace("{from}", report.from.as_deref().unwrap_or("-"))
            .replace("{to}", report.to.as_deref().unwrap_or("-"))
            .replace("{questions}", &report.questions.to_string()))
    );
    for rate in &report.outcomes {
        let share = if rate.kind == "small-talk" {
            String::new()
        } else {
            format!("{}%", percent(rate.share))
        };
        out.push_str(&format!(
            "<tr><th>{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            esc(kind_name(&rate.kind)),
            rate.count,
            share
        ));
    }
    out.push_str("</table>\n");
    if let Some(first) = report.skipped.first() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            esc(&msg::REVIEW_SKIPPED
                .replace("{count}", &report.skipped.len().to_string())
                .replace("{first}", first))
        ));
    }
    out
}

/// The clusters in words: label, questions, action, evidence.
fn clusters(report: &Report) -> String {
    let mut out = format!("<h2>{}</h2>\n", esc(msg::REVIEW_CLUSTERS));
    if report.clusters.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", esc(msg::REVIEW_NO_CLUSTERS)));
    }
    for cluster in &report.clusters {
        let head = cluster_heading(cluster);
        out.push_str(&format!(
            "<section class=\"cluster\">\n<h3>{}</h3>\n<ul>\n",
            esc(&head)
        ));
        for asked in &cluster.questions {
            let count = if asked.count > 1 {
                format!(" ×{}", asked.count)
            } else {
                String::new()
            };
            out.push_str(&format!("<li>{}{}</li>\n", esc(&asked.text), count));
        }
        out.push_str("</ul>\n");
        out.push_str(&format!(
            "<p class=\"action\">{}</p>\n",
            esc(&action_line(&cluster.action))
        ));
        if let crate::review::Action::MissingFact { draft, .. } = &cluster.action {
            out.push_str(&format!("<pre>{}</pre>\n", esc(draft)));
        }
        let evidence = cluster.action.evidence();
        if !evidence.is_empty() {
            out.push_str("<ul class=\"evidence\">\n");
            for e in evidence {
                out.push_str(&format!("<li>{}</li>\n", esc(&evidence_line(e))));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    out
}

/// The facts no one asked about and those followed by complaints.
fn facts(report: &Report) -> String {
    let mut out = String::new();
    if !report.complaints.is_empty() {
        out.push_str(&format!(
            "<h2>{}</h2>\n<ul>\n",
            esc(msg::REVIEW_HTML_COMPLAINTS)
        ));
        for c in &report.complaints {
            out.push_str(&format!(
                "<li>{}</li>\n",
                esc(&msg::REVIEW_COMPLAINT_ITEM
                    .replace("{fact}", &c.fact)
                    .replace("{count}", &c.count.to_string())
                    .replace("{example}", c.examples.first().map_or("", String::as_str)))
            ));
        }
        out.push_str("</ul>\n");
    }
    if !report.unasked.is_empty() {
        out.push_str(&format!(
            "<h2>{}</h2>\n<table class=\"unasked\">\n",
            esc(&msg::REVIEW_HTML_UNASKED.replace("{count}", &report.unasked.len().to_string()))
        ));
        for f in &report.unasked {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td></tr>\n",
                esc(&f.fact),
                esc(&f.label)
            ));
        }
        out.push_str("</table>\n");
    }
    out
}

/// Text of the charts: `size` in `color`, anchored at `pos`.
fn text_style(size: u32, color: &'static RGBColor, pos: Pos) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font())
        .color(color)
        .pos(pos)
}

/// The answer rate per UTC day: a line over the days, a point per day.
fn rate_chart(days: &[DayRow]) -> Result<String, ChartError> {
    let fail = failed("rate");
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(&fail)?;
        let last = days.len().saturating_sub(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .margin(PAD)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.5..last + 0.5, 0.0..100.0)
            .map_err(&fail)?;
        let day_label = |x: &f64| -> String {
            let i = x.round();
            if (x - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            days.get(i as usize)
                .map(|d| d.day.get(5..).unwrap_or(&d.day).to_string())
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(days.len().clamp(1, 6))
            .x_label_formatter(&day_label)
            .y_labels(6)
            .y_label_formatter(&|y| format!("{y:.0}%"))
            .label_style((FAMILY, FONT).into_font().color(&INK))
            .disable_x_mesh()
            .draw()
            .map_err(&fail)?;
        let points: Vec<(f64, f64)> = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let rate = if d.questions == 0 {
                    0.0
                } else {
                    d.answered as f64 * 100.0 / d.questions as f64
                };
                (i as f64, rate)
            })
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), ANSWERED.stroke_width(3)))
            .map_err(&fail)?;
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 5, ANSWERED.filled())))
            .map_err(&fail)?;
        root.present().map_err(&fail)?;
    }
    Ok(svg)
}

/// Per language: one bar of its questions, split into answered, clarified, refused and other,
/// with the counts written beside.
fn language_chart(languages: &[LanguageRow]) -> Result<String, ChartError> {
    let fail = failed("languages");
    let legend: [(&str, RGBColor); 4] = [
        (kind_name("answer"), ANSWERED),
        (kind_name("clarify"), CLARIFIED),
        (kind_name("no-answer"), REFUSED),
        (msg::REVIEW_HTML_OTHER, OTHER),
    ];
    let rows = languages.len() as i32;
    let height = (PAD * 2 + 28 + rows * ROW) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(&fail)?;
        // the legend: a swatch and a name each, in one line
        let mut x = PAD;
        for (name, color) in legend {
            root.draw(&Rectangle::new(
                [(x, PAD + 2), (x + 14, PAD + 16)],
                color.filled(),
            ))
            .map_err(&fail)?;
            root.draw(&Text::new(
                name.to_string(),
                (x + 16, PAD + 9),
                text_style(FONT - 2, &INK, Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(&fail)?;
            x += 26 + (name.chars().count() as i32) * 8;
        }
        let width = WIDTH as i32 - 2 * PAD;
        for (i, row) in languages.iter().enumerate() {
            let top = PAD + 28 + i as i32 * ROW;
            let other = row
                .questions
                .saturating_sub(row.answered + row.clarified + row.refused);
            root.draw(&Text::new(
                msg::REVIEW_HTML_LANGUAGE_ROW
                    .replace("{lang}", &row.lang)
                    .replace("{questions}", &row.questions.to_string())
                    .replace(
                        "{answered}",
                        &percent(row.answered as f32 / row.questions.max(1) as f32),
                    ),
                (PAD, top),
                text_style(FONT, &INK, Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(&fail)?;
            let mut x = PAD;
            let total = row.questions.max(1) as f64;
            for (count, color) in [
                (row.answered, ANSWERED),
                (row.clarified, CLARIFIED),
                (row.refused, REFUSED),
                (other, OTHER),
            ] {
                let w = (count as f64 / total * width as f64).round() as i32;
                if w > 0 {
                    root.draw(&Rectangle::new(
                        [(x, top + 22), (x + w, top + 40)],
                        color.filled(),
                    ))
                    .map_err(&fail)?;
                }
                x += w;
            }
        }
        root.present().map_err(&fail)?;
    }
    Ok(svg)
}

/// Horizontal bars: each row a label line over a bar as long as its count (the largest fills the
/// width), the count at the bar's end.
fn bar_chart(
    chart: &'static str,
    rows: &[(String, usize)],
    color: RGBColor,
) -> Result<String, ChartError> {
    let fail = failed(chart);
    let height = (PAD * 2 + rows.len() as i32 * ROW) as u32;
    let most = rows.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(&fail)?;
        // room at the right for the count
        let width = WIDTH as i32 - 2 * PAD - 40;
        for (i, (label, count)) in rows.iter().enumerate() {
            let top = PAD + i as i32 * ROW;
            root.draw(&Text::new(
                shorten(label, 40),
                (PAD, top),
                text_style(FONT, &INK, Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(&fail)?;
            let w = ((*count as f64 / most) * width as f64).round().max(2.0) as i32;
            root.draw(&Rectangle::new(
                [(PAD, top + 22), (PAD + w, top + 40)],
                color.filled(),
            ))
            .map_err(&fail)?;
            root.draw(&Text::new(
                count.to_string(),
                (PAD + w + 6, top + 31),
                text_style(FONT, &INK, Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(&fail)?;
        }
        root.present().map_err(&fail)?;
    }
    Ok(svg)
}

/// The largest clusters, by how many questions they hold.
fn cluster_chart(clusters: &[Cluster]) -> Result<String, ChartError> {
    let rows: Vec<(String, usize)> = clusters
        .iter()
        .take(BARS)
        .map(|c| {
            let label = match &c.nearest {
                Some(fact) => format!("{}. {} · {fact}", c.rank, cluster_label(c)),
                None => format!("{}. {}", c.rank, cluster_label(c)),
            };
            (label, c.size)
        })
        .collect();
    bar_chart("clusters", &rows, REFUSED)
}

/// The most asked facts, by how many answers they gave.
fn asked_chart(facts: &[FactCount]) -> Result<String, ChartError> {
    let rows: Vec<(String, usize)> = facts
        .iter()
        .take(BARS)
        .map(|f| {
            let label = if f.label.is_empty() {
                f.fact.clone()
            } else {
                format!("{} ({})", f.fact, f.label)
            };
            (label, f.count)
        })
        .collect();
    bar_chart("asked", &rows, ANSWERED)
}

/// `text` cut to at most `chars` characters, with an ellipsis when cut.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::review::review::{Asked, Rate};
    use crate::review::suggest::{Action, Evidence};

    fn report() -> Report {
        Report {
            records: 5,
            skipped: Vec::new(),
            from: Some("2026-03-01T09:00Z".into()),
            to: Some("2026-03-02T10:00Z".into()),
            questions: 5,
            outcomes: vec![
                Rate {
                    kind: "answer".into(),
                    count: 3,
                    share: 0.6,
                },
                Rate {
                    kind: "no-answer".into(),
                    count: 2,
                    share: 0.4,
                },
            ],
            languages: vec![LanguageRow {
                lang: "en".into(),
                questions: 5,
                answered: 3,
                clarified: 0,
                refused: 2,
            }],
            days: vec![
                DayRow {
                    day: "2026-03-01".into(),
                    questions: 2,
                    answered: 1,
                },
                DayRow {
                    day: "2026-03-02".into(),
                    questions: 3,
                    answered: 2,
                },
            ],
            clusters: vec![Cluster {
                rank: 1,
                statement: Some("s".into()),
                need: "words".into(),
                words: vec!["<script>".into()],
                detail: None,
                size: 2,
                outcome: "no-answer".into(),
                nearest: None,
                questions: vec![Asked {
                    text: "what about <script>alert(1)</script> & \"more\"?".into(),
                    count: 2,
                    kind: "no-answer".into(),
                    fact: None,
                }],
                action: Action::KeepRefusing {
                    evidence: vec![Evidence::Unrelated {
                        words: vec!["<script>".into()],
                    }],
                },
            }],
            most_asked: vec![FactCount {
                statement: "s".into(),
                fact: "fta-deadline".into(),
                label: "the FTA deadline".into(),
                count: 3,
            }],
            unasked: Vec::new(),
            complaints: Vec::new(),
        }
    }

    #[test]
    fn the_page_is_self_contained_and_escapes_what_people_typed() {
        let page = page(&report()).unwrap();
        assert!(page.starts_with("<!doctype html>"));
        assert_eq!(page.matches("<svg ").count(), 4, "four charts");
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"));
        // nothing to fetch: no source, no link, no stylesheet or font from elsewhere
        for fetch in ["src=", "<link", "@import", "url("] {
            assert!(!page.contains(fetch), "{fetch} in the page");
        }
        assert!(page.contains("name=\"viewport\""));
    }

    #[test]
    fn charts_scale_and_have_names() {
        let page = page(&report()).unwrap();
        assert!(page.contains("viewBox=\"0 0 400 "));
        assert!(page.contains("<svg role=\"img\" aria-label="));
    }

    #[test]
    fn an_empty_report_is_a_page_without_charts() {
        let mut empty = report();
        empty.records = 0;
        let page = page(&empty).unwrap();
        assert!(!page.contains("<svg"));
        assert!(page.contains(msg::REVIEW_EMPTY));
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
