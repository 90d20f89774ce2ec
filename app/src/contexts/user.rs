use leptos::prelude::*;
use model::Me;

use crate::error::AppError;
use crate::server_fns::accounts::current_user;

/// The signed-in user (or none), read once per page on the server and shared by the header and
/// every page that needs it. Islands get what they need of it as props.
#[derive(Clone, Copy)]
pub struct UserState {
    pub user: Resource<Result<Option<Me>, AppError>>,
}

pub type UserContext = UserState;

impl UserState {
    /// Whether a user is signed in (false while loading or on an error).
    pub async fn signed_in(self) -> bool {
        matches!(self.user.await, Ok(Some(_)))
    }

    /// The signed-in user's id (none while loading or on an error).
    pub async fn id(self) -> Option<i64> {
        self.user.await.ok().flatten().map(|me| me.id)
    }
}

pub fn provide_user_context() {
    provide_context(UserState { user: Resource::new(|| (), |()| current_user()) });
}

pub fn use_user() -> UserContext {
    expect_context::<UserContext>()
}
