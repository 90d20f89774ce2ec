//! Choosing files and watching them go up, one progress bar each. On the submit form the files
//! go up as drafts before the idea exists (so a slow upload never races the analysis); on the
//! idea page its author adds and removes them while it is still `pending`.

use leptos::prelude::*;
use model::{ATTACHMENT_ACCEPT, ATTACHMENTS_MAX, Attachment, AttachmentKind};

use crate::browser;
use crate::i18n::use_text;

/// The default per-file limit, checked in the browser before sending; the server checks its own.
const FILE_MAX_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Sending(f64),
    Stored(Attachment),
    Removing(Attachment),
    Failed(String),
}

#[derive(Clone, Copy)]
struct Item {
    key: u32,
    name: StoredValue<String>,
    state: RwSignal<State>,
}

/// The files of one form: what the uploader shows and the submit button waits for.
#[derive(Clone, Copy)]
pub struct Uploads {
    items: RwSignal<Vec<Item>>,
    next: StoredValue<u32>,
}

impl Uploads {
    pub fn new(existing: Vec<Attachment>) -> Self {
        let items = existing
            .into_iter()
            .zip(0..)
            .map(|(a, key)| Item {
                key,
                name: StoredValue::new(a.name.clone()),
                state: RwSignal::new(State::Stored(a)),
            })
            .collect::<Vec<_>>();
        let next = StoredValue::new(items.len() as u32);
        Self { items: RwSignal::new(items), next }
    }

    /// The stored files' ids, comma-separated (the submit form sends them).
    pub fn ids(&self) -> String {
        self.items.with(|items| {
            items
                .iter()
                .filter_map(|i| match i.state.get() {
                    State::Stored(a) => Some(a.id.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(",")
        })
    }

    /// Whether a file is still on its way up (or off).
    pub fn busy(&self) -> bool {
        self.items.with(|items| items.iter().any(|i| matches!(i.state.get(), State::Sending(_) | State::Removing(_))))
    }

    fn taken(&self) -> usize {
        self.items.with_untracked(|items| {
            items.iter().filter(|i| !matches!(i.state.get_untracked(), State::Failed(_))).count()
        })
    }

    fn add(&self, name: String, state: State) -> Item {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        let item = Item { key, name: StoredValue::new(name), state: RwSignal::new(state) };
        self.items.update(|items| items.push(item));
        item
    }

    fn drop_item(&self, key: u32) {
        self.items.update(|items| items.retain(|i| i.key != key));
    }
}

/// The file picker and the list of files. `idea`: files go onto this idea (and the page reloads
/// to show them); none: they wait as drafts for the form's submit.
#[component]
pub fn Uploader(uploads: Uploads, #[prop(optional)] idea: Option<i64>) -> impl IntoView {
    let t = &use_text().space.files;
    let settle = move || {
        if idea.is_some() && !uploads.busy() {
            browser::reload();
        }
    };
    let start = move |name: String, size: f64, send: Box<dyn FnOnce(Item)>| {
        if uploads.taken() >= ATTACHMENTS_MAX {
            uploads.add(name, State::Failed((t.too_many)(ATTACHMENTS_MAX)));
        } else if size > FILE_MAX_BYTES {
            uploads.add(name, State::Failed(t.too_big.to_owned()));
        } else {
            send(uploads.add(name, State::Sending(0.0)));
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let files = input.files();
            for file in (0..files.as_ref().map_or(0, |f| f.length())).filter_map(|i| files.as_ref()?.get(i)) {
                let (name, size) = (file.name(), file.size());
                start(
                    name,
                    size,
                    Box::new(move |item: Item| {
                        super::transfer::send(
                            file,
                            idea,
                            move |done| item.state.set(State::Sending(done)),
                            move |outcome| {
                                let stored = outcome.is_ok();
                                item.state.set(match outcome {
                                    Ok(a) => State::Stored(a),
                                    Err(message) => State::Failed(message),
                                });
                                if stored {
                                    settle();
                                }
                            },
                        )
                    }),
                );
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, start, settle);
    };
    let remove = move |item: Item| match item.state.get_untracked() {
        State::Stored(a) => {
            item.state.set(State::Removing(a.clone()));
            #[cfg(feature = "hydrate")]
            super::transfer::remove(a.id, move |result| match result {
                Ok(()) => {
                    uploads.drop_item(item.key);
                    settle();
                }
                Err(message) => item.state.set(State::Failed(message)),
            });
        }
        State::Failed(_) => uploads.drop_item(item.key),
        State::Sending(_) | State::Removing(_) => {}
    };
    let full = move || uploads.items.with(|items| items.len() >= ATTACHMENTS_MAX && !uploads.busy());

    view! {
        <div class="space-y-2" data-testid="uploader">
            <label class="flex min-h-11 cursor-pointer items-center justify-center rounded-lg border-2 border-dashed border-slate-300 px-4 py-3 text-center text-sm text-slate-600 focus-within:border-indigo-500 hover:border-indigo-400">
                <span>{(t.add)(ATTACHMENTS_MAX)}</span>
                <input type="file" multiple accept=ATTACHMENT_ACCEPT class="sr-only" data-testid="attachment-input"
                    on:change=on_pick disabled=full/>
            </label>
            <ul class="space-y-2">
                <For each=move || uploads.items.get() key=|item| item.key let:item>
                    <FileRow item remove/>
                </For>
            </ul>
        </div>
    }
}

#[component]
fn FileRow(item: Item, remove: impl Fn(Item) + Copy + Send + Sync + 'static) -> impl IntoView {
    let name = item.name.get_value();
    let t = &use_text().space.files;
    view! {
        <li class="rounded-lg bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200" data-testid="attachment-item">
            <div class="flex items-center gap-2">
                <span class="min-w-0 flex-1 truncate" title=name.clone()>{name.clone()}</span>
                {move || match item.state.get() {
                    State::Sending(done) => view! {
                        <progress class="h-2 w-24" max="100" value=format!("{:.0}", done * 100.0)
                            aria-label=(t.progress)(&name)></progress>
                    }.into_any(),
                    State::Removing(_) => view! { <span class="text-slate-500">{t.removing}</span> }.into_any(),
                    State::Stored(a) => view! {
                        <span class="text-slate-500" data-testid="attachment-stored">
                            {if a.kind == AttachmentKind::Pdf { "PDF" } else { t.image }}" · "{model::file_size(a.bytes)}
                        </span>
                        <button type="button" class="min-h-11 rounded px-3 text-rose-700 hover:bg-rose-50"
                            on:click=move |_| remove(item)>{t.remove}</button>
                    }.into_any(),
                    State::Failed(_) => view! {
                        <button type="button" class="min-h-11 rounded px-3 text-slate-600 hover:bg-slate-100"
                            on:click=move |_| remove(item)>{t.dismiss}</button>
                    }.into_any(),
                }}
            </div>
            {move || match item.state.get() {
                State::Failed(message) => Some(view! {
                    <p class="mt-1 text-rose-700" role="alert" data-testid="attachment-error">{message}</p>
                }),
                _ => None,
            }}
        </li>
    }
}

/// The author's own files on a `pending` idea, to add to or take from.
#[island]
pub fn IdeaFiles(idea: i64, existing: Vec<Attachment>) -> impl IntoView {
    browser::island_ready();
    let uploads = Uploads::new(existing);
    view! {
        <section class="space-y-2" data-testid="idea-files">
            <h2 class="text-sm font-semibold text-slate-700">{use_text().space.files.idea_files}</h2>
            <Uploader uploads idea/>
        </section>
    }
}
