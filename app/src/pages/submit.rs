use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use model::{Category, NewIdea, validate};

use crate::browser;
use crate::components::attachments::{Uploader, Uploads};
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS, Refusal};
use crate::contexts::user::use_user;
use crate::i18n::use_text;
use crate::server_fns::ideas::SubmitIdea;

/// The submit form: checked as the user types with the server's own limits.
#[component]
pub fn SubmitPage() -> impl IntoView {
    let state = use_user();
    let t = use_text();
    view! {
        <Title text=t.title(t.common.nav_submit)/>
        <Meta name="description" content=t.space.submit.description/>
        <Transition fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
            {move || Suspend::new(async move {
                match state.user.await {
                    Ok(Some(_)) => view! { <SubmitForm/> }.into_any(),
                    _ => view! {
                        <div class="mx-auto max-w-md rounded-xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="login-required">
                            <p class="text-slate-700">{t.space.submit.login_prompt}</p>
                            <A href="/login?next=/submit" attr:class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.space.submit.go_login}</A>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The form itself: the only part of the page that runs in the browser.
#[island]
fn SubmitForm() -> impl IntoView {
    browser::island_ready();
    let t = use_text();
    let s = &t.space.submit;
    let action = ServerAction::<SubmitIdea>::new();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let uploads = Uploads::new(Vec::new());
    let waiting = RwSignal::new(false);

    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            browser::go_to(&model::url::LocalPath::idea(id));
        }
    });
    let refusal = Refusal::of(action);
    let server = move |name: &'static str| refusal.field(name)();
    // Live checks appear once a field has content (or after a submit attempt).
    let lang = crate::i18n::use_lang();
    let said = move |check: Result<(), model::Msg>| check.err().map(|m| m.get(lang).to_owned());
    let live = move |value: RwSignal<String>, check: fn(&str) -> Result<(), model::Msg>, name: &'static str| {
        Signal::derive(move || {
            let v = value.get();
            if v.is_empty() && !tried.get() { server(name) } else { said(check(&v)).or_else(|| server(name)) }
        })
    };
    let tag_list = move || model::split_tags(&tags.get());
    let category_error = Signal::derive(move || {
        (tried.get() && Category::parse(&category.get()).is_none())
            .then(|| s.category_missing.to_owned())
            .or_else(|| server("category"))
    });
    let tags_error = Signal::derive(move || said(validate::tags(&tag_list())).or_else(|| server("tags")));
    let form_error = refusal.unnamed();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let idea = NewIdea {
            title: title.get_untracked(),
            description: description.get_untracked(),
            category: category.get_untracked(),
            tags: tag_list(),
            attachments: Vec::new(),
        }
        .normalized();
        waiting.set(uploads.busy());
        if idea.validate().is_ok() && !uploads.busy() {
            action.dispatch(SubmitIdea {
                title: idea.title,
                description: idea.description,
                category: idea.category,
                tags: tags.get_untracked(),
                attachments: Some(uploads.ids()),
            });
        }
    };
    let count = |s: RwSignal<String>, max: usize| move || format!("{} / {max}", s.get().trim().chars().count());

    view! {
        <div class="mx-auto max-w-2xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="text-xl font-bold">{t.common.nav_submit}</h1>
            <p class="mb-4 text-sm text-slate-500">{s.intro}</p>
            <form method="post" action=SubmitIdea::url() class="space-y-2" on:submit=on_submit novalidate>
                <Field label=s.title_label id="title" error=live(title, validate::title, "title")>
                    <input id="title" name="title" class=INPUT_CLASS placeholder=s.title_placeholder bind:value=title/>
                    <p class="text-right text-xs text-slate-500" data-testid="title-count">{count(title, model::TITLE_MAX)}</p>
                </Field>
                <Field label=s.category_label id="category" error=category_error>
                    <select id="category" name="category" class=INPUT_CLASS bind:value=category>
                        <option value="">{s.category_pick}</option>
                        {Category::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{(t.labels.category)(c)}</option> }).collect_view()}
                    </select>
                </Field>
                <Field label=s.description_label id="description" error=live(description, validate::description, "description")>
                    <textarea id="description" name="description" rows=8 class=INPUT_CLASS placeholder=s.description_placeholder bind:value=description></textarea>
                    <p class="text-right text-xs text-slate-500">{count(description, model::DESCRIPTION_MAX)}</p>
                </Field>
                <Field label=s.tags_label id="tags" hint=(s.tags_hint)(model::TAGS_MAX) error=tags_error>
                    <input id="tags" name="tags" class=INPUT_CLASS placeholder=s.tags_placeholder bind:value=tags/>
                </Field>
                <div class="space-y-1">
                    <p class="text-sm font-medium text-slate-700">{s.attachments}</p>
                    <Uploader uploads/>
                    <input type="hidden" name="attachments" prop:value=move || uploads.ids()/>
                    <p class="text-xs text-slate-500">{s.attachments_hint}</p>
                    <p class="min-h-5 text-sm text-red-700" role="alert" data-error-for="attachments">{move || server("attachments")}</p>
                </div>
                {move || (waiting.get() && uploads.busy()).then(|| view! {
                    <p class="text-sm text-amber-700" role="status">{s.wait_uploads}</p>
                })}
                <FormMessage message=form_error/>
                <button type="submit" class=format!("{BUTTON_CLASS} w-full") disabled=move || action.pending().get() data-testid="submit-idea">
                    {move || if action.pending().get() { s.sending } else { s.send }}
                </button>
            </form>
        </div>
    }
}
