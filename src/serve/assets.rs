//! The files the web front end serves from the binary: the demo page (`GET /`), the widget's
//! script and style (`GET /widget.js`, `GET /widget.css`) and the OpenAPI document
//! (`GET /openapi.json`). Nothing is fetched from elsewhere: the widget works offline.
//!
//! The demo page is a template whose `{{slots}}` are filled with the home statement's metadata
//! and the language pack's `[web]` phrases, each escaped for HTML; `?lang=ms` shows it in another
//! reply language. The widget fills every text it shows with `textContent`, never as markup.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::App;
use crate::conversation::Conversation;
use crate::text::escape_html;

/// The demo page's template.
pub const INDEX_HTML: &str = include_str!("widget/index.html");
/// The widget: one script a page embeds with `<script src=".../widget.js" defer></script>`.
pub const WIDGET_JS: &str = include_str!("widget/widget.js");
/// The widget's style (and the demo page's), linked by the script itself.
pub const WIDGET_CSS: &str = include_str!("widget/widget.css");
/// The API's description.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// The query of `GET /`.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub lang: Option<String>,
}

/// Security headers of the pages: only this server's own script and style run, and nothing is
/// sniffed.
const PAGE_HEADERS: [(header::HeaderName, &str); 3] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// `GET /`: the demo page of the home statement (else the first), with the widget.
pub async fn index(
    State(app): State<Arc<App>>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let library = app.shelf.library();
    let Some(engine) = library.engine_for(&Conversation::default()) else {
        return ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], "").into_response();
    };
    let lang = query
        .ok()
        .and_then(|Query(q)| q.lang)
        .and_then(|code| engine.lang_of(&code))
        .filter(|lang| engine.languages().contains(lang))
        .unwrap_or_else(|| engine.voice().lang());
    let voice = engine.voice_in(lang);
    let web = &voice.phrases().web;
    let statement = &engine.knowledge().statement;
    let link = if statement.url.starts_with("https://") || statement.url.starts_with("http://") {
        format!(
            "<a href=\"{}\">{}</a>",
            escape_html(&statement.url),
            escape_html(&voice.fill(&web.page_source, &[]))
        )
    } else {
        String::new()
    };
    let page = INDEX_HTML
        .replace("{{lang}}", &escape_html(voice.lang().code()))
        .replace("{{title}}", &escape_html(&voice.fill(&web.page_title, &[])))
        .replace("{{intro}}", &escape_html(&voice.fill(&web.page_intro, &[])))
        .replace("{{link}}", &link);
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    for (name, value) in PAGE_HEADERS {
        response
            .headers_mut()
            .insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// `GET /widget.js`.
pub async fn widget_js() -> Response {
    static_file("text/javascript; charset=utf-8", WIDGET_JS)
}

/// `GET /widget.css`.
pub async fn widget_css() -> Response {
    static_file("text/css; charset=utf-8", WIDGET_CSS)
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    static_file("application/json", OPENAPI_JSON)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // The widget's files may be loaded by pages of any site that embeds it.
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_text_and_attributes() {
        assert_eq!(
            escape_html(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn the_widget_never_writes_markup_from_data() {
        for forbidden in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!WIDGET_JS.contains(forbidden), "widget.js uses {forbidden}");
        }
    }
}
