use leptos::prelude::*;

use crate::browser;
use crate::i18n::use_text;

const CLASS: &str = "inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-medium \
     text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-300";

/// Opens the browser's print dialog (the print stylesheet makes the page a clean PDF).
#[island]
pub fn PrintButton(test_id: String) -> impl IntoView {
    browser::island_ready();
    let t = use_text();
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().print();
        }
    };
    view! {
        <button type="button" class=CLASS data-testid=test_id on:click=print>
            {t.account.forms.print}
        </button>
    }
}
