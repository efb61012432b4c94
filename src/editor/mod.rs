//! The editor inside `serve`, at [`PREFIX`]: forms for a plan's front matter and its
//! chapters, for staff who should never have to type TOML.
//!
//! This module is the editor's front door: it knows nothing of HTTP libraries (`serve`
//! hands it a [`Request`] and sends back the [`Reply`]), decides which page a path is,
//! and refuses every POST that does not carry this process's token in `csrf_token` and
//! a same-origin `Origin` (or, without one, `Referer`). What the pages show is in
//! [`pages`], how a form changes a file in [`form`] and [`actions`], Danish input in
//! [`parse`], the build's diagnostics beside each field in [`diag`], and every path
//! from a request goes through [`files`] before it touches the disk.
//!
//! The editor is never part of `build`'s output: it exists only in a running `serve`.

pub mod actions;
pub mod choices;
pub mod create;
pub mod diag;
pub mod fields;
pub mod files;
pub mod form;
pub mod live;
pub mod next_year;
pub mod pages;
pub mod parse;
pub mod rows;
pub mod yaml;

use std::path::PathBuf;

/// Where the editor lives in `serve`.
pub const PREFIX: &str = "/__planportal/rediger/";

/// The content type of the editor's pages.
pub const HTML: &str = "text/html; charset=utf-8";

/// The Content-Security-Policy of the editor's answers: its own script (`live.js`, for
/// the live check) and nothing from elsewhere. The site's own pages keep
/// `script-src 'none'`.
pub const CSP: &str = "default-src 'self'; style-src 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";

/// The editor of one running `serve`.
pub struct Editor {
    pub root: PathBuf,
    /// Random for each process: a page elsewhere cannot know it, so it cannot post.
    token: String,
    /// One change at a time: two saves at once could both pass the stale check.
    writing: std::sync::Mutex<()>,
}

/// What the editor needs of a request.
pub struct Request<'a> {
    pub method: &'a str,
    /// The path, starting with [`PREFIX`] (not decoded).
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub referer: Option<&'a str>,
    pub body: &'a [u8],
}

/// The editor's answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// `text/html; charset=utf-8` but for the script and the live check's JSON.
    pub content_type: &'static str,
    /// For 303 See Other after a successful POST.
    pub location: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn page(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: HTML,
            location: None,
            body,
        }
    }

    pub fn json(value: &serde_json::Value) -> Reply {
        Reply {
            status: 200,
            content_type: "application/json; charset=utf-8",
            location: None,
            body: value.to_string(),
        }
    }

    pub fn see_other(to: String) -> Reply {
        Reply {
            status: 303,
            content_type: HTML,
            location: Some(to),
            body: String::new(),
        }
    }
}

impl Editor {
    pub fn new(root: PathBuf) -> Editor {
        Editor {
            root,
            token: random_token(),
            writing: std::sync::Mutex::new(()),
        }
    }

    /// Whether a path is the editor's (every method on it is answered here).
    pub fn owns(path: &str) -> bool {
        path == PREFIX.trim_end_matches('/') || path.starts_with(PREFIX)
    }

    pub fn handle(&self, req: &Request) -> Reply {
        if req.path == PREFIX.trim_end_matches('/') {
            return Reply::see_other(PREFIX.to_string());
        }
        let page = &req.path[PREFIX.len()..];
        let query = form::Posted::parse(req.query.unwrap_or("").as_bytes());
        match req.method {
            "GET" | "HEAD" => match page {
                "" => pages::list(self),
                "plan" => actions::show(self, query.get("fil").unwrap_or(""), &query),
                "kapitel" | "kommune" => {
                    actions::show(self, query.get("fil").unwrap_or(""), &query)
                }
                "live.js" => Reply {
                    status: 200,
                    content_type: "text/javascript; charset=utf-8",
                    location: None,
                    body: live::SCRIPT.to_string(),
                },
                _ => pages::not_found(),
            },
            "POST" => {
                let posted = form::Posted::parse(req.body);
                if !self.post_allowed(req, &posted) {
                    return pages::forbidden();
                }
                if page == "tjek" {
                    // Writes nothing: no need to wait for a save.
                    return live::check(self, &posted);
                }
                let _one_at_a_time = self.writing.lock().unwrap_or_else(|e| e.into_inner());
                match page {
                    "plan" | "kapitel" | "kommune" => actions::save(self, &posted),
                    "nyt-kapitel" => create::new_chapter(self, &posted),
                    "nyt-aar" => next_year::new_year(self, &posted),
                    "udgiv" => create::publish(self, &posted),
                    "til-toml" => yaml::convert(self, &posted),
                    _ => pages::not_found(),
                }
            }
            _ => Reply::page(
                405,
                pages::message_page(
                    "Metoden er ikke tilladt",
                    "Editoren svarer kun på GET og POST.",
                ),
            ),
        }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The token and a same-origin `Origin`/`Referer`: a form on another site (or a
    /// script there) has neither.
    fn post_allowed(&self, req: &Request, posted: &form::Posted) -> bool {
        let Some(host) = req.host else {
            return false;
        };
        let origin = format!("http://{host}");
        let same_origin = match req.origin {
            Some(o) => o.eq_ignore_ascii_case(&origin),
            None => req.referer.is_some_and(|r| {
                r.len() > origin.len()
                    && r[..origin.len()].eq_ignore_ascii_case(&origin)
                    && r[origin.len()..].starts_with('/')
            }),
        };
        let token_ok = posted
            .get("csrf_token")
            .is_some_and(|t| constant_time_eq(t.as_bytes(), self.token.as_bytes()));
        same_origin && token_ok
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 128 random bits from the system, as hex.
fn random_token() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    let from_system = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if !from_system {
        // No /dev/urandom (Windows): the standard library's random hash keys.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The site path of a plan or chapter file (`kommuner/x/2021/01-unge.md` →
/// `/kommuner/x/2021/unge/`), for the "see the page" link.
pub fn page_url(rel: &str) -> Option<String> {
    match crate::load::place_of(rel).ok()? {
        crate::load::Place::Plan { municipality, year } => {
            Some(format!("/kommuner/{municipality}/{year}/"))
        }
        crate::load::Place::Chapter {
            municipality,
            year,
            slug,
            ..
        } => Some(format!("/kommuner/{municipality}/{year}/{slug}/")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_need_token_and_origin() {
        let ed = Editor::new(PathBuf::from("/nowhere"));
        let body = format!("csrf_token={}", ed.token());
        let req = |origin: Option<&'static str>, referer: Option<&'static str>, body: &str| {
            let posted = form::Posted::parse(body.as_bytes());
            let r = Request {
                method: "POST",
                path: "/__planportal/rediger/plan",
                query: None,
                host: Some("127.0.0.1:1111"),
                origin,
                referer,
                body: body.as_bytes(),
            };
            ed.post_allowed(&r, &posted)
        };
        assert!(req(Some("http://127.0.0.1:1111"), None, &body));
        assert!(req(
            None,
            Some("http://127.0.0.1:1111/__planportal/rediger/"),
            &body
        ));
        assert!(!req(Some("http://evil.example"), None, &body));
        assert!(!req(Some("null"), None, &body));
        assert!(!req(None, Some("http://127.0.0.1:11112/"), &body));
        assert!(!req(None, None, &body));
        assert!(!req(Some("http://127.0.0.1:1111"), None, "csrf_token=nope"));
        assert!(!req(Some("http://127.0.0.1:1111"), None, ""));
        assert_eq!(ed.token().len(), 32);
        assert_ne!(ed.token(), Editor::new(PathBuf::new()).token());
    }
}
