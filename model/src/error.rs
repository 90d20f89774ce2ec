use serde::{Deserialize, Serialize};

/// One invalid field of a request, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
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
    /// Chinese message for people.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into(), fields: Vec::new() }
    }

    pub fn invalid(fields: Vec<FieldError>) -> Self {
        Self { code: "invalid_field".into(), message: "请检查标红的字段".into(), fields }
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
