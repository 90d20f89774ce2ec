//! The site's bundles under `/pkg` and the script that loads the wasm where a page needs it.

use leptos::prelude::*;

/// The name of the wasm, js and css bundles under `/pkg`.
pub const OUTPUT_NAME: &str = "ai-market";

/// Where the bundles are. The release build names the stylesheet after its content and puts the
/// islands' bundle (its script, main wasm and the wasm of each lazy island, which find
/// one another by relative names) in a folder named after their content; `$SITE_ROOT/hash.txt`
/// lists the two hashes. The server provides this as context; the page head links them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    pub stylesheet: String,
    pub script: String,
    pub wasm: String,
}

impl Assets {
    /// From the lines of `hash.txt` (`css: <hash>`, `islands: <hash>`), or the unhashed names.
    pub fn from_hashes(hashes: Option<&str>) -> Self {
        let hash = |key: &str| {
            hashes.and_then(|h| {
                h.lines().find_map(|l| l.split_once(':').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim()))
            })
        };
        let stylesheet = match hash("css") {
            Some(hash) => format!("/pkg/{OUTPUT_NAME}.{hash}.css"),
            None => format!("/pkg/{OUTPUT_NAME}.css"),
        };
        let islands = match hash("islands") {
            Some(hash) => format!("/pkg/{hash}/{OUTPUT_NAME}"),
            None => format!("/pkg/{OUTPUT_NAME}"),
        };
        Self { stylesheet, script: format!("{islands}.js"), wasm: format!("{islands}.wasm") }
    }
}

/// Hydrates the page's islands, loading the wasm only when it shows one (instead of Leptos'
/// `HydrationScripts`, which preloads the bundle on every page). The script (`islands.js`) is a
/// module, so it runs once the document is parsed and every island is in it. Nothing is
/// preloaded, and the bundle is fetched only once the page has loaded and the browser is idle,
/// so it never competes with the page's first paint (Lighthouse counted it in the largest
/// contentful paint whenever its request started before that paint). It is inline with the
/// page's nonce, the only inline script the content security policy lets run.
#[component]
pub fn IslandScripts(assets: Assets) -> impl IntoView {
    if let Some(context) = Owner::current_shared_context() {
        // Islands start out not hydrating, as Leptos' own islands script tells the renderer.
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let call = format!(
        "{}({:?}, {:?});",
        include_str!("islands.js").trim_end().trim_end_matches(';'),
        assets.script,
        assets.wasm
    );
    view! { <script type="module" nonce=nonce>{call}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_come_from_the_hash_file_and_plain_names_without_one() {
        let hashed = Assets::from_hashes(Some("islands: 11aa\ncss: 33cc\n"));
        assert_eq!(hashed.script, "/pkg/11aa/ai-market.js");
        assert_eq!(hashed.wasm, "/pkg/11aa/ai-market.wasm");
        assert_eq!(hashed.stylesheet, "/pkg/ai-market.33cc.css");
        let plain = Assets::from_hashes(None);
        assert_eq!((plain.script.as_str(), plain.wasm.as_str()), ("/pkg/ai-market.js", "/pkg/ai-market.wasm"));
    }
}
