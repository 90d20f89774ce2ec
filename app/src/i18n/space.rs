//! The strings of a member's own space, author pages, notifications, submitting an idea,
//! attachments and the legal pages: one part per file in `space/`, each with its value per
//! language.

mod files;
mod legal;
mod notices;
mod profile;
mod submit;

pub use files::FilesText;
pub use legal::LegalText;
pub use notices::NoticesText;
pub use profile::ProfileText;
pub use submit::SubmitText;

/// A member's space and the pages around it.
pub struct SpaceText {
    pub profile: ProfileText,
    pub notices: NoticesText,
    pub submit: SubmitText,
    pub files: FilesText,
    pub legal: LegalText,
}

pub const ZH: SpaceText =
    SpaceText { profile: profile::ZH, notices: notices::ZH, submit: submit::ZH, files: files::ZH, legal: legal::ZH };

pub const EN: SpaceText =
    SpaceText { profile: profile::EN, notices: notices::EN, submit: submit::EN, files: files::EN, legal: legal::EN };
