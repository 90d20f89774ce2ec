/// Attachments: the uploader, an idea's gallery and the messages of a transfer.
pub struct FilesText {
    pub gallery: &'static str,
    /// The picker's label, with the most files an idea may have.
    pub add: fn(usize) -> String,
    pub too_many: fn(usize) -> String,
    pub too_big: &'static str,
    /// The progress bar's label, with the file's name.
    pub progress: fn(&str) -> String,
    pub removing: &'static str,
    pub image: &'static str,
    pub remove: &'static str,
    pub dismiss: &'static str,
    pub idea_files: &'static str,
    pub network: &'static str,
    /// A failed request that said no more than its status.
    pub failed: fn(u16) -> String,
}

pub const ZH: FilesText = FilesText {
    gallery: "附件",
    add: |max| format!("添加图片或 PDF（最多 {max} 个，每个 10 MB 以内）"),
    too_many: |max| format!("每个创意最多 {max} 个附件"),
    too_big: "单个文件不能超过 10 MB",
    progress: |name| format!("{name} 上传进度"),
    removing: "正在移除…",
    image: "图片",
    remove: "移除",
    dismiss: "关闭",
    idea_files: "附件（分析完成前可以更改）",
    network: "网络错误，请重试",
    failed: |status| format!("请求失败（{status}），请重试"),
};

pub const EN: FilesText = FilesText {
    gallery: "Attachments",
    add: |max| format!("Add images or PDFs (up to {max}, 10 MB each)"),
    too_many: |max| format!("An idea can have at most {max} attachments"),
    too_big: "A file can be 10 MB at most",
    progress: |name| format!("Uploading {name}"),
    removing: "Removing…",
    image: "Image",
    remove: "Remove",
    dismiss: "Dismiss",
    idea_files: "Attachments (you can change them until the analysis is done)",
    network: "Network error, please try again",
    failed: |status| format!("The request failed ({status}), please try again"),
};
