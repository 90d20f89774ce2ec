//! The API's error answers: each is one response of the description's components, with the codes
//! it may carry, and a type a handler names in its `responses(...)` to refer to it.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr, Response, ResponseBuilder};

struct ErrorAnswer {
    name: &'static str,
    codes: &'static [&'static str],
    description: &'static str,
    retry_after: bool,
}

macro_rules! error_answers {
    ($($name:ident $status:literal [$($code:literal),+] $retry:literal $description:literal;)+) => {
        const ANSWERS: &[ErrorAnswer] = &[$(ErrorAnswer {
            name: stringify!($name),
            codes: &[$($code),+],
            description: $description,
            retry_after: $retry,
        },)+];

        $(
            #[doc = $description]
            pub struct $name;

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    [($status.to_string(), RefOr::Ref(Ref::from_response_name(stringify!($name))))].into()
                }
            }
        )+
    };
}

error_answers! {
    Malformed 400 ["malformed"] false "The body is not JSON (`malformed`)";
    Unauthorized 401 ["unauthorized"] false "Not signed in, or the session ended (`unauthorized`)";
    BadCredentials 401 ["bad_credentials"] false "Wrong username/email or password (`bad_credentials`)";
    InsufficientCredits 402 ["insufficient_credits"] false
        "Not enough credits (`insufficient_credits`); nothing was charged";
    Forbidden 403 ["csrf"] false "A cookie-authenticated write from another origin (`csrf`)";
    NotAdmin 403 ["forbidden", "banned", "csrf"] false
        "Not an admin (`forbidden`), the account is banned (`banned`), or a cookie-authenticated write from another origin (`csrf`)";
    ForbiddenOrBanned 403 ["banned", "csrf"] false
        "The account is banned (`banned`), or a cookie-authenticated write from another origin (`csrf`)";
    NotFound 404 ["not_found"] false "No such resource, or not yours to see (`not_found`)";
    Duplicate 409 ["duplicate"] false "The username, email or phone is taken (`duplicate`, with the field)";
    TooLarge 413 ["too_large"] false "The body is larger than the limit (`too_large`); the connection is closed";
    UnsupportedMediaType 415 ["unsupported_media_type"] false
        "The body is not sent as `Content-Type: application/json` (`unsupported_media_type`)";
    Invalid 422 ["invalid_field"] false
        "A field is missing, of the wrong type or invalid (`invalid_field`, with the fields when known)";
    TooManyRequests 429 ["rate_limited"] true "Too many requests (`rate_limited`)";
    TooManyIdeas 429 ["rate_limited", "daily_limit"] true
        "Too many requests (`rate_limited`), or today's ideas for your level are used up (`daily_limit`: 5, 10 or 20 a day since midnight Beijing time; `Retry-After` counts to the next midnight)";
    Internal 500 ["internal"] false "A failure on the server (`internal`); the cause is only logged";
    SmsFailed 502 ["sms_failed"] false "The SMS provider did not take the code (`sms_failed`)";
}

/// What any handler that reads a JSON body may answer: 400, 413, 415 and 422.
pub struct BodyErrors;

impl IntoResponses for BodyErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [Malformed::responses(), TooLarge::responses(), UnsupportedMediaType::responses(), Invalid::responses()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Every error answer, named as the handlers refer to them: `{"error": {...}}` with the codes
/// this answer carries.
pub fn components() -> impl Iterator<Item = (&'static str, Response)> {
    ANSWERS.iter().map(|answer| (answer.name, response(answer)))
}

fn response(answer: &ErrorAnswer) -> Response {
    let code = ObjectBuilder::new().schema_type(Type::String).enum_values(Some(answer.codes.iter().copied()));
    let narrowed = ObjectBuilder::new().property("error", ObjectBuilder::new().property("code", code));
    let schema = AllOfBuilder::new().item(Ref::from_schema_name("ApiErrorBody")).item(narrowed);
    let mut response = ResponseBuilder::new()
        .description(answer.description)
        .content("application/json", ContentBuilder::new().schema(Some(schema)).build());
    if answer.retry_after {
        let seconds = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0));
        let header = HeaderBuilder::new().schema(seconds).description(Some("Seconds to wait before trying again."));
        response = response.header("Retry-After", header.build());
    }
    response.build()
}
