use leptos::prelude::*;

/// A link offered for copying: made absolute in the browser, so it can be pasted anywhere, with
/// the message of the last copy for a status line.
#[derive(Clone, Copy)]
pub struct CopyLink {
    pub url: RwSignal<String>,
    pub copied: RwSignal<Option<&'static str>>,
    pub input: NodeRef<leptos::html::Input>,
}

pub fn use_copy_link(path: String) -> CopyLink {
    let link = CopyLink { url: RwSignal::new(path.clone()), copied: RwSignal::new(None), input: NodeRef::new() };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Ok(origin) = window().location().origin() {
            link.url.set(format!("{origin}{path}"));
        }
    });
    link
}

impl CopyLink {
    /// Copies the link, or selects it where the page may not use the clipboard.
    pub fn copy(&self) {
        #[cfg(feature = "hydrate")]
        self.copied.set(Some(crate::clipboard::copy(&self.url.get_untracked(), self.input.get_untracked())));
    }
}
