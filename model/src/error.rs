use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A message for people, in both languages of the interface; the edge that answers a request
/// picks one with [`Msg::get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    zh: Cow<'static, str>,
    en: Cow<'static, str>,
}

impl Msg {
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One invalid field and its message in both languages: what validation and the core produce;
/// [`FieldError`] is its wire form in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMsg {
    pub field: String,
    pub message: Msg,
}

impl FieldMsg {
    pub fn new(field: &str, message: Msg) -> Self {
        Self { field: field.to_owned(), message }
    }

    /// The wire form in `lang`.
    pub fn in_lang(&self, lang: Lang) -> FieldError {
        FieldError::new(&self.field, self.message.get(lang))
    }
}

/// One invalid field of a request, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    /// In the caller's language, as `ApiError.message`.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

/// The body of every API error: `{"error": {"code", "message", "fields"?}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable machine-readable code, e.g. `invalid_field`, `duplicate`, `unauthorized`.
    pub code: String,
    /// For people, in the caller's language: the `ai_market_lang` cookie's, else English when the
    /// first tag of `Accept-Language` is `en…`, else Chinese (the default).
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into(), fields: Vec::new() }
    }

    /// `invalid_field`, with each field's message in `lang`.
    pub fn invalid(lang: Lang, fields: &[FieldMsg]) -> Self {
        let message = Msg::new("请检查标红的字段", "Please check the fields marked in red");
        Self {
            code: "invalid_field".into(),
            message: message.get(lang).to_owned(),
            fields: fields.iter().map(|f| f.in_lang(lang)).collect(),
        }
    }

    /// The message for one field, if the error names it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.field == name).map(|f| f.message.as_str())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// The envelope the REST API wraps errors in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub error: ApiError,
}

#[cfg(test)]
mod tests;
