//! The strings of a member's own space, author pages, notifications, submitting an idea, attachments and the legal pages. One struct, one value per language.

pub struct SpaceText {
    pub me_title: &'static str,
}

pub const ZH: SpaceText = SpaceText {
    me_title: "我的空间",
};

pub const EN: SpaceText = SpaceText {
    me_title: "My space",
};
