//! The languages of the interface. 简体中文 is the default; English is the one switch. What
//! members write and what the AI analysts wrote stay in the language they were written in.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag: the page's `lang`, the cookie's value and what the database keeps.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// A tag as stored or sent; anything else is not a language of the interface.
    pub fn parse(tag: &str) -> Option<Lang> {
        match tag.trim() {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, as the switch offers it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

/// `POST /api/me/language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LanguagePreference {
    pub language: Lang,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_strangers_are_refused() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
            assert_eq!(serde_json::to_string(&lang).unwrap_or_default(), format!("\"{}\"", lang.tag()));
        }
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("<en>"), None);
    }
}
