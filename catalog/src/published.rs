//! Tencent's published example requests, split into what was sent.

use serde_json::{Map, Value};

/// A published example request, as it was published.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishedRequest {
    /// A URL: its form parameters in order (one `&` or one line each), the common ones
    /// (`Action=...`) included, placeholders (`<公共请求参数>`) left out.
    Form(Vec<(String, String)>),
    /// A raw HTTP POST (headers, a blank line, the body): its JSON body, `{}` when empty.
    Json(Value),
}

impl PublishedRequest {
    /// Splits a published request into its form pairs or its JSON body.
    ///
    /// ```
    /// use tcapi_catalog::PublishedRequest;
    ///
    /// let url = "https://cvm.tencentcloudapi.com/?Action=DescribeZones\n&Limit=1";
    /// let pairs = [("Action", "DescribeZones"), ("Limit", "1")].map(|(k, v)| (k.into(), v.into()));
    /// assert_eq!(PublishedRequest::parse(url).unwrap(), PublishedRequest::Form(pairs.to_vec()));
    /// let post = "POST / HTTP/1.1\nHost: cvm.tencentcloudapi.com\n\n{\"Limit\": 1}";
    /// assert_eq!(PublishedRequest::parse(post).unwrap(), PublishedRequest::Json(serde_json::json!({"Limit": 1})));
    /// ```
    ///
    /// # Errors
    ///
    /// When the body of a POST is not JSON.
    pub fn parse(input: &str) -> Result<PublishedRequest, String> {
        let text = input.trim_start();
        if text.starts_with("http") {
            let query = text.split_once('?').map_or("", |(_, q)| q);
            let pairs = query
                .split(['\n', '&'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && !p.starts_with('<'))
                .map(|p| {
                    let (key, value) = p.split_once('=').unwrap_or((p, ""));
                    (key.to_owned(), value.to_owned())
                })
                .collect();
            return Ok(PublishedRequest::Form(pairs));
        }
        let mut lines = input.lines();
        lines.by_ref().find(|line| line.trim().is_empty());
        let body = lines.collect::<Vec<_>>().join("\n");
        if body.trim().is_empty() {
            return Ok(PublishedRequest::Json(Value::Object(Map::new())));
        }
        serde_json::from_str(&body)
            .map(PublishedRequest::Json)
            .map_err(|e| format!("the body is not JSON: {e}"))
    }
}
