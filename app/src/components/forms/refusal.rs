use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::AppError;

/// What a form's server function said when it last refused: a message per field, and the
/// message that names no field (shown above the submit button).
#[derive(Clone, Copy)]
pub struct Refusal(Signal<Option<AppError>>);

impl Refusal {
    pub fn of<S>(action: ServerAction<S>) -> Self
    where
        S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
        S::Output: Send + Sync + 'static,
    {
        Self(Signal::derive(move || {
            action.value().with(|answer| answer.as_ref().and_then(|r| r.as_ref().err().cloned()))
        }))
    }

    /// The message for one field (by its name in the API), if the refusal named it.
    pub fn field(self, name: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        move || self.0.get().and_then(|e| e.field(name))
    }

    /// The message of a refusal that names no field.
    pub fn unnamed(self) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().filter(|e| e.0.fields.is_empty()).map(|e| e.message().to_owned()))
    }
}
