use leptos::prelude::*;
use model::Me;

use crate::error::AppError;
use crate::server_fns::accounts::current_user;

/// The signed-in user (or none), shared by the header and every page that needs it.
#[derive(Clone, Copy)]
pub struct UserState {
    pub user: Resource<Result<Option<Me>, AppError>>,
    version: RwSignal<u32>,
}

pub type UserContext = UserState;

impl UserState {
    /// Loads the user again, after login, registration, logout or a change of balance.
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}

pub fn provide_user_context() {
    let version = RwSignal::new(0_u32);
    let user = Resource::new(move || version.get(), |_| current_user());
    provide_context(UserState { user, version });
}

pub fn use_user() -> UserContext {
    expect_context::<UserContext>()
}
