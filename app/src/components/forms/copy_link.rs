use leptos::prelude::*;

use crate::browser;
use crate::i18n::use_text;

/// A link offered for copying: a read-only field holding it (made absolute in the browser, so it
/// can be pasted anywhere), a copy button, and a status line saying what the copy did.
#[island]
pub fn CopyLinkField(
    /// The link's path on this site, e.g. `/register?invite=…`.
    path: String,
    /// For a `<label for>` outside the field.
    #[prop(optional)]
    input_id: Option<String>,
    /// Read aloud when no label names the field.
    #[prop(optional)]
    aria_label: Option<String>,
    input_test_id: String,
    copy_test_id: String,
) -> impl IntoView {
    browser::island_ready();
    let url = RwSignal::new(path.clone());
    let copied = RwSignal::new(None::<&'static str>);
    let t = use_text();
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Ok(origin) = window().location().origin() {
            url.set(format!("{origin}{path}"));
        }
    });
    // Copies the link, or selects it where the page may not use the clipboard.
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        copied.set(Some(crate::clipboard::copy(&url.get_untracked(), input.get_untracked(), t)));
    };
    view! {
        <div class="flex gap-2">
            <input
                id=input_id
                node_ref=input
                readonly
                aria-label=aria_label
                class="min-h-11 min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                value=move || url.get()
                data-testid=input_test_id
                on:focus=move |_| {
                    #[cfg(feature = "hydrate")]
                    if let Some(el) = input.get_untracked() {
                        el.select();
                    }
                }
            />
            <button
                type="button"
                class="min-h-11 shrink-0 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
                data-testid=copy_test_id
                on:click=copy
            >
                {t.common.copy}
            </button>
        </div>
        <p class="min-h-5 text-xs text-emerald-700" role="status">{move || copied.get()}</p>
    }
}
