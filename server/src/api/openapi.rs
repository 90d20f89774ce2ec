//! `GET /api/openapi.json`: the REST API's OpenAPI 3.0 description, written by hand beside this
//! file and checked against the running server by `end2end/schemathesis.sh`.

use axum::http::header;
use axum::response::IntoResponse;

const SPEC: &str = include_str!("openapi.json");

pub async fn spec() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], SPEC)
}

#[cfg(test)]
mod tests {
    use super::SPEC;

    #[test]
    fn the_description_is_json_and_names_every_route() {
        let doc: serde_json::Value = serde_json::from_str(SPEC).expect("openapi.json is JSON");
        assert_eq!(doc["openapi"], "3.0.3");
        let paths = doc["paths"].as_object().expect("paths");
        // Every route and method of `api::routes` but the fallback.
        let routes = include_str!("../api.rs");
        for line in routes.lines().filter_map(|l| l.trim().strip_prefix(".route(\"")) {
            let (path, handlers) = line.split_once('"').expect("a quoted path");
            if path == "/api/{*rest}" {
                continue;
            }
            let operations = paths.get(path).unwrap_or_else(|| panic!("{path} is missing from openapi.json"));
            for method in ["get", "post", "put", "patch", "delete"] {
                if handlers.contains(&format!("{method}(")) {
                    assert!(operations.get(method).is_some(), "{method} {path} is missing from openapi.json");
                }
            }
        }
    }
}
