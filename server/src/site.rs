//! The site's settings, from `Leptos.toml` (compiled in): the bundles' name, the site folder and
//! its package folder, and the default address. cargo-leptos reads its own copy in `Cargo.toml`;
//! the tests below fail when the two disagree.

use leptos::prelude::LeptosOptions;

/// The file, as it was at build time.
const LEPTOS_TOML: &str = include_str!("../../Leptos.toml");

/// The settings of `Leptos.toml`, with any `LEPTOS_*` variable of the environment over them.
pub fn options() -> Result<LeptosOptions, String> {
    leptos_config::get_config_from_str(LEPTOS_TOML).map_err(|e| format!("Leptos.toml: {e}"))
}

/// The settings on which two descriptions of the site differ, by name.
pub fn disagreements(a: &LeptosOptions, b: &LeptosOptions) -> Vec<&'static str> {
    let mut differ = Vec::new();
    if a.output_name != b.output_name {
        differ.push("output-name");
    }
    if a.site_root != b.site_root {
        differ.push("site-root");
    }
    if a.site_pkg_dir != b.site_pkg_dir {
        differ.push("site-pkg-dir");
    }
    if a.site_addr != b.site_addr {
        differ.push("site-addr");
    }
    if a.reload_port != b.reload_port {
        differ.push("reload-port");
    }
    differ
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARGO_TOML: &str = include_str!("../../Cargo.toml");

    fn cargo_leptos(cargo_toml: &str) -> LeptosOptions {
        leptos_config::get_config_from_str(cargo_toml).unwrap_or_else(|e| panic!("Cargo.toml: {e}"))
    }

    #[test]
    fn cargo_leptos_block_agrees_with_leptos_toml() {
        let site = options().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(disagreements(&site, &cargo_leptos(CARGO_TOML)), Vec::<&str>::new());
        // The name the pages link and the one Leptos was compiled with (.cargo/config.toml).
        assert_eq!(&*site.output_name, app::OUTPUT_NAME);
        assert_eq!(&*site.site_pkg_dir, "pkg", "app::Assets and the cache policy serve /pkg/");
        assert_eq!(option_env!("LEPTOS_OUTPUT_NAME"), Some(app::OUTPUT_NAME));
    }

    #[test]
    fn a_changed_setting_is_a_disagreement() {
        let site = options().unwrap_or_else(|e| panic!("{e}"));
        let moved = CARGO_TOML.replace(r#"site-pkg-dir = "pkg""#, r#"site-pkg-dir = "assets""#);
        assert_ne!(moved, CARGO_TOML, "the block names its package folder");
        assert_eq!(disagreements(&site, &cargo_leptos(&moved)), vec!["site-pkg-dir"]);
        let readdressed = CARGO_TOML.replace("127.0.0.1:3000", "0.0.0.0:8080");
        assert_eq!(disagreements(&site, &cargo_leptos(&readdressed)), vec!["site-addr"]);
    }
}
