//! The strings of the admin console. One struct, one value per language.

pub struct AdminText {
    pub console_title: &'static str,
}

pub const ZH: AdminText = AdminText {
    console_title: "管理后台",
};

pub const EN: AdminText = AdminText {
    console_title: "Admin console",
};
