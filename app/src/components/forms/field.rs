use leptos::prelude::*;

/// A field's message: the live check once the user has typed, else what the server said.
pub fn field_error(
    value: RwSignal<String>,
    check: fn(&str) -> Result<(), model::Msg>,
    server: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    let lang = crate::i18n::use_lang();
    Signal::derive(move || {
        let v = value.get();
        if v.is_empty() { server() } else { check(&v).err().map(|m| m.get(lang).to_owned()).or_else(&server) }
    })
}

/// A labelled form row with its error underneath (announced to screen readers).
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] id: String,
    error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<String>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            {children()}
            {hint.map(|h| view! { <p class="text-xs text-slate-500">{h}</p> })}
            <p id=error_id class="min-h-5 text-sm text-red-700" role="alert" data-error-for=id>
                {move || error.get()}
            </p>
        </div>
    }
}

pub const INPUT_CLASS: &str = "min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base \
     focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

pub const BUTTON_CLASS: &str = "inline-flex min-h-11 items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 \
     font-medium text-white hover:bg-indigo-700 focus:outline-none focus:ring-2 focus:ring-indigo-300 \
     disabled:cursor-not-allowed disabled:opacity-60";

/// A form-wide message (for errors that name no field).
#[component]
pub fn FormMessage(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <div class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" role="alert" data-testid="form-error">
                {move || message.get()}
            </div>
        </Show>
    }
}
