use leptos::prelude::*;
use model::{Agent, PlanStatus, Stage};

use super::PlanProgress;
use crate::browser;
use crate::clock::use_clock;
use crate::i18n::use_text;
use crate::server_fns::plans::plan_progress;

/// What the stream says about each stage between reloads of the plan: the text written so far
/// and who is writing it. Lives as long as the page, so reloading the plan keeps it.
#[derive(Clone, Copy)]
pub struct LiveStages {
    text: [RwSignal<String>; Stage::ALL.len()],
    writer: [RwSignal<Option<Agent>>; Stage::ALL.len()],
}

impl Default for LiveStages {
    fn default() -> Self {
        Self { text: Stage::ALL.map(|_| RwSignal::new(String::new())), writer: Stage::ALL.map(|_| RwSignal::new(None)) }
    }
}

fn index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or_default()
}

impl LiveStages {
    pub fn text(self, stage: Stage) -> RwSignal<String> {
        self.text[index(stage)]
    }

    pub fn writer(self, stage: Stage) -> RwSignal<Option<Agent>> {
        self.writer[index(stage)]
    }
}

/// The progress of a plan being written, followed live: each stage's text streams into its
/// preview, every other event reloads the progress from the server, and once the plan is done
/// the page loads again to show it (the finished plan is rendered on the server).
///
/// Lazy: one of the largest islands, so its code is a wasm file of its own that only a page
/// showing it fetches (README, "What the browser runs").
#[island(lazy)]
pub fn PlanLive(id: i64, share: Option<String>) -> impl IntoView {
    browser::island_ready();
    let loading = use_text().plans.page.loading_progress;
    let key = share.clone();
    let progress = Resource::new(move || (id, key.clone()), |(id, share)| plan_progress(id, share));
    let live = LiveStages::default();
    let now = use_clock();
    follow_plan(id, share, live, move || progress.refetch());
    // Once: a second reload would cut the first one's page short.
    let reloading = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(Ok(p)) = progress.get()
            && p.status != PlanStatus::Generating
            && !reloading.get_value()
        {
            reloading.set_value(true);
            browser::reload();
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="text-sm text-slate-500" role="status">{loading}</p> }>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(p) => view! { <PlanProgress progress=p live now/> }.into_any(),
                    Err(e) => view! { <p class="text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Listens to the plan's stream for as long as the calling island lives: previews go into
/// `live`, every other event and each (re)connection call `reload`, so what the page shows is
/// always read from the server.
fn follow_plan(id: i64, share: Option<String>, live: LiveStages, reload: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(listening) = stream::listen(id, share.as_deref(), live, reload.clone()) {
            let listening = send_wrapper::SendWrapper::new(listening);
            on_cleanup(move || drop(listening.take()));
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, share, live, reload);
}

#[cfg(feature = "hydrate")]
mod stream {
    use leptos::prelude::{Set, Update};
    use model::PlanEvent;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use super::LiveStages;
    use crate::components::plans::with_share;

    type Listener = Closure<dyn Fn(web_sys::Event)>;

    /// An open EventSource and its listeners; dropping it closes the connection.
    pub struct Listening {
        source: web_sys::EventSource,
        _listeners: [Listener; 2],
    }

    impl Drop for Listening {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    fn on(source: &web_sys::EventSource, names: &[&str], listener: &Listener) {
        for name in names {
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }

    pub fn listen(id: i64, share: Option<&str>, live: LiveStages, reload: impl Fn() + 'static) -> Option<Listening> {
        let url = with_share(format!("/api/business-plan/{id}/stream"), share);
        let source = web_sys::EventSource::new(&url).ok()?;
        // `open` also fires after each automatic reconnection: whatever was missed is reloaded.
        let reloading = Listener::new(move |_: web_sys::Event| reload());
        on(&source, &["open", "stage_started", "stage_done", "finished", "refresh"], &reloading);
        let previewing = Listener::new(move |ev: web_sys::Event| {
            let Some(data) = ev.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string()) else {
                return;
            };
            match serde_json::from_str::<PlanEvent>(&data) {
                Ok(PlanEvent::Preview { stage, text, .. }) => live.text(stage).update(|t| t.push_str(&text)),
                Ok(PlanEvent::PreviewRestart { stage, .. }) => live.text(stage).set(String::new()),
                Ok(PlanEvent::StageStarted { stage, agent, .. }) => {
                    live.text(stage).set(String::new());
                    live.writer(stage).set(Some(agent));
                }
                _ => {}
            }
        });
        on(&source, &["preview", "preview_restart", "stage_started"], &previewing);
        Some(Listening { source, _listeners: [reloading, previewing] })
    }
}
