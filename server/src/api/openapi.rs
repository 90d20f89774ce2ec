//! `GET /api/openapi.json`: the REST API's OpenAPI description, generated from the handlers'
//! `#[utoipa::path]` attributes and the wire types of `model`, as `api::routes` registers them
//! (one `routes!` call adds a route and its description together). `end2end/schemathesis.sh`
//! checks the running server against it.

pub mod errors;
pub mod params;

use std::sync::OnceLock;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, RefOr};
use utoipa::{Modify, OpenApi};

use self::errors::{Internal, TooManyRequests};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "AI Market REST API",
        version = "1.0.0",
        description = "The REST API of AI Market (AI创意交易市场): accounts, ideas, the AI agents' auction and business plans. Every error is `{\"error\": {\"code\", \"message\", \"fields\"?}}` with a fitting 4xx status (`code` is stable; `message`, and each field's `message`, is for people, in the caller's language: the `ai_market_lang` cookie's (`zh-CN` or `en`), else English when the first tag of `Accept-Language` is `en…`, else Chinese, the default). Every operation may answer 429 with `Retry-After` when the client exceeds the rate limit (signing in, registering and SMS codes have a stricter budget). Dates are RFC 3339 strings in UTC; money is whole credits, and real money (orders) integer fen. Field names are snake_case except where the original plan's bodies use camelCase (registration, business plans)."
    ),
    servers((url = "/")),
    tags(
        (name = "auth", description = "Registration with an SMS code, login and sessions"),
        (name = "ideas", description = "Ideas, likes, the agents' analyses and the auction"),
        (name = "plans", description = "Business plans bought with credits"),
        (name = "notifications", description = "A member's notifications, watched auctions and notification mail"),
        (name = "payments", description = "Buying credits: packages and orders (amounts in fen)"),
        (name = "admin", description = "Admins' actions on accounts (admins are made with `ai-market grant-admin <username>`)"),
        (name = "meta", description = "This description"),
    ),
    components(schemas(model::ApiErrorBody)),
    modifiers(&Shared),
)]
pub struct ApiDoc;

/// The security scheme and the error answers, which operations refer to by name.
struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some(
            "The `token` of a register or login answer, or a personal API token. Pages use the same session as a cookie (`ai_market_session`, or `__Host-ai_market_session` behind HTTPS; HttpOnly, SameSite=Lax), which sign-in sets and sign-out clears with Max-Age=0; a write that relies on the cookie must come from this site, or it is refused with 403 `csrf`.",
        ));
        components.add_security_scheme("bearerAuth", SecurityScheme::Http(bearer.build()));
        for (name, response) in errors::components() {
            components.responses.insert(name.to_owned(), RefOr::T(response));
        }
    }
}

/// This OpenAPI description
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta", operation_id = "getOpenApi",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object), TooManyRequests, Internal))]
pub async fn spec() -> Response {
    static JSON: OnceLock<Option<String>> = OnceLock::new();
    match JSON.get_or_init(|| serde_json::to_string(&super::description()).ok()) {
        Some(json) => ([(header::CONTENT_TYPE, "application/json")], json.as_str()).into_response(),
        None => {
            let message = model::Msg::new("服务器内部错误", "Internal server error");
            super::ApiFailure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn document() -> Value {
        serde_json::to_value(super::super::description()).unwrap_or_default()
    }

    /// Every `$ref` in the document, with where it is.
    fn refs(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    if let ("$ref", Value::String(target)) = (key.as_str(), inner) {
                        found.push((at.to_owned(), target.clone()));
                    }
                    refs(inner, &format!("{at}/{key}"), found);
                }
            }
            Value::Array(items) => items.iter().for_each(|inner| refs(inner, at, found)),
            _ => {}
        }
    }

    #[test]
    fn errors_say_which_language_they_are_in() {
        let doc = document();
        let about = doc["info"]["description"].as_str().unwrap_or_default();
        assert!(about.contains("caller's language") && about.contains("Accept-Language"), "{about}");
        let message = &doc["components"]["schemas"]["ApiError"]["properties"]["message"]["description"];
        assert!(message.as_str().is_some_and(|m| m.contains("Accept-Language")), "{message}");
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
        let mut found = Vec::new();
        refs(&doc, "", &mut found);
        assert!(found.len() > 100, "only {} references", found.len());
        for (at, target) in found {
            let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{at}: {target} is not local"));
            assert!(doc.pointer(pointer).is_some(), "{at}: {target} resolves to nothing");
        }
    }

    #[test]
    fn every_operation_is_named_tagged_and_answers_its_errors() {
        let doc = document();
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        assert!(paths.len() >= 25, "{} paths", paths.len());
        let mut ids = std::collections::HashSet::new();
        for (path, operations) in &paths {
            for (method, op) in operations.as_object().into_iter().flatten() {
                let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
                assert!(ids.insert(id.to_owned()), "{id} is used twice");
                assert!(op["tags"].as_array().is_some_and(|t| t.len() == 1), "{id}: one tag");
                assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{id}: a summary");
                let answers = op["responses"].as_object().cloned().unwrap_or_default();
                assert!(answers.keys().any(|status| status.starts_with('2')), "{id}: a success answer");
                assert!(answers.contains_key("429") && answers.contains_key("500"), "{id}: 429 and 500");
                // A JSON body may be malformed, too large or not JSON; a file upload (any bytes,
                // its own size limit) is only ever refused as invalid.
                let raw = op["requestBody"]["content"]
                    .as_object()
                    .is_some_and(|c| c.contains_key("application/octet-stream"));
                if op.get("requestBody").is_some() {
                    let expected: &[&str] = if raw { &["422"] } else { &["400", "413", "415", "422"] };
                    for &status in expected {
                        assert!(answers.contains_key(status), "{id} reads a body but does not answer {status}");
                    }
                }
                let secured =
                    op["security"].as_array().is_some_and(|s| s.iter().any(|r| r.get("bearerAuth").is_some()));
                let optional = op["security"].as_array().is_some_and(|s| s.iter().any(|r| r == &serde_json::json!({})));
                if secured && !optional {
                    assert!(answers.contains_key("401"), "{id} needs a member but does not answer 401");
                }
            }
        }
    }

    /// `routes!` adds a route and its description together; a plain `.route(` would serve a path
    /// the description leaves out. Only the fallback is allowed one.
    #[test]
    fn routes_are_only_added_with_their_description() {
        let source = include_str!("../api.rs");
        let plain: Vec<&str> = source
            .lines()
            .map(str::trim)
            .filter(|l| l.contains(".route(") && !l.contains("\"/api/{*rest}\""))
            .collect();
        assert!(plain.is_empty(), "routes without a description: {plain:?}");
    }

    #[test]
    fn error_answers_carry_their_codes() {
        let doc = document();
        let answer = &doc["components"]["responses"]["TooManyIdeas"];
        assert!(answer["headers"]["Retry-After"].is_object(), "{answer}");
        let codes = &answer["content"]["application/json"]["schema"]["allOf"][1]["properties"]["error"]["properties"]["code"]
            ["enum"];
        assert_eq!(codes, &serde_json::json!(["rate_limited", "daily_limit"]));
    }
}
