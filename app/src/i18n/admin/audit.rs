//! The console's audit log.

/// The audit log page.
pub struct AuditText {
    pub admin: &'static str,
    pub action: &'static str,
    pub filter: &'static str,
    pub none: &'static str,
    pub unknown_address: &'static str,
}

pub const ZH: AuditText =
    AuditText {
        admin: "管理员", action: "操作", filter: "筛选", none: "没有记录。", unknown_address: "地址未知"
    };

pub const EN: AuditText = AuditText {
    admin: "Admin",
    action: "Action",
    filter: "Filter",
    none: "No entries.",
    unknown_address: "address unknown",
};
