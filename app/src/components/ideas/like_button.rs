use leptos::prelude::*;

use crate::browser;
use crate::i18n::use_text;
use crate::server_fns::ideas::SetLike;

/// Like / unlike, updated in place. Visitors are sent to the login page.
#[island]
pub fn LikeButton(id: i64, liked: bool, likes: i64, signed_in: bool) -> impl IntoView {
    browser::island_ready();
    let liked = RwSignal::new(liked);
    let t = use_text();
    let likes = RwSignal::new(likes);
    let action = ServerAction::<SetLike>::new();
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(s)) => {
            liked.set(s.liked);
            likes.set(s.likes);
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e.message().to_owned())),
        None => {}
    });
    let on_click = move |_| {
        if signed_in {
            action.dispatch(SetLike { id, like: !liked.get_untracked() });
        } else {
            browser::go_to(&model::url::LocalPath::idea(id).login_page());
        }
    };
    view! {
        <div class="flex items-center gap-3">
            <button
                class=move || {
                    if liked.get() {
                        "min-h-11 rounded-full bg-rose-600 px-4 py-2 text-white hover:bg-rose-700 disabled:opacity-60"
                    } else {
                        "min-h-11 rounded-full bg-white px-4 py-2 text-rose-600 ring-1 ring-rose-300 hover:bg-rose-50 disabled:opacity-60"
                    }
                }
                aria-pressed=move || liked.get().to_string()
                disabled=move || action.pending().get()
                data-testid="like-button"
                on:click=on_click
            >
                {move || if liked.get() { t.idea.liked } else { t.idea.like }}
                " · "
                <span data-testid="like-count">{move || likes.get()}</span>
            </button>
            <span class="text-sm text-red-700" role="alert">{move || error.get()}</span>
        </div>
    }
}
