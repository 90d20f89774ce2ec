//! Buying credits: the packages, a member's orders, the development provider's confirm button,
//! and the admins' refunds and daily figures. Alipay's notifications and the cashier redirect are
//! not part of this API: the server's `payments` module serves them.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use market::Market;
use market::payments::{dev, figures, orders, refunds};
use model::{NewOrder, OrderView, Package, PaymentDay, RefundOrder};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;

/// The credit packages on sale
#[utoipa::path(get, path = "/api/credits/packages", tag = "payments", operation_id = "listPackages",
    responses((status = 200, description = "Cheapest first; prices in fen", body = Vec<Package>), TooManyRequests, Internal))]
pub async fn packages(State(market): State<Market>) -> Json<Vec<Package>> {
    Json(market.payments.packages.clone())
}

/// Order a package of credits
///
/// Creates an order waiting for its payment (`created`), or returns the order the same
/// `idempotencyKey` already made. Pay it at `GET /orders/{id}/pay` in the member's browser; the
/// credits arrive when the provider reports the payment (the order becomes `credited`). Unpaid
/// orders close after 30 minutes.
#[utoipa::path(post, path = "/api/orders", tag = "payments", operation_id = "createOrder", security(("bearerAuth" = [])),
    request_body(content = NewOrder, example = json!({"credits": 500, "idempotencyKey": "buy-2026-12-06-0001"})),
    responses((status = 201, description = "The order (new, or the one this key made)", body = OrderView),
        BodyErrors, Unauthorized, ForbiddenOrBanned, TooManyRequests, Internal))]
pub async fn create(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(new): ApiJson<NewOrder>,
) -> Result<(StatusCode, Json<OrderView>), ApiFailure> {
    Ok((StatusCode::CREATED, Json(orders::create(&market, &viewer, &new).await?)))
}

/// Your orders, newest first (the last 50)
#[utoipa::path(get, path = "/api/orders", tag = "payments", operation_id = "listOrders", security(("bearerAuth" = [])),
    responses((status = 200, description = "Your orders", body = Vec<OrderView>), Unauthorized, TooManyRequests, Internal))]
pub async fn list(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<OrderView>>, ApiFailure> {
    Ok(Json(orders::list(&market, &viewer).await?))
}

/// One of your orders
///
/// Another member's order is not found. Admins see every order.
#[utoipa::path(get, path = "/api/orders/{id}", tag = "payments", operation_id = "getOrder", security(("bearerAuth" = [])),
    params(params::Id),
    responses((status = 200, description = "The order", body = OrderView), Unauthorized, NotFound, TooManyRequests, Internal))]
pub async fn get(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<OrderView>, ApiFailure> {
    Ok(Json(orders::get(&market, &viewer, id).await?))
}

/// Pay your order with the development provider
///
/// Only when the server runs with `PAYMENT_PROVIDER=dev` (never in production, where this is
/// not found): the order is paid and credited as if the provider had reported it. Repeating it
/// changes nothing.
#[utoipa::path(post, path = "/api/orders/{id}/confirm", tag = "payments", operation_id = "confirmDevOrder",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "The order, paid", body = OrderView),
        Unauthorized, ForbiddenOrBanned, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn confirm(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<OrderView>, ApiFailure> {
    dev::confirm(&market, &viewer, id).await?;
    Ok(Json(orders::get(&market, &viewer, id).await?))
}

/// Refund an order
///
/// Takes the order's credits back through the ledger (refused with 422 when the member spent
/// them), then returns the money through the provider, repeated by the worker until the
/// provider confirms.
#[utoipa::path(post, path = "/api/admin/orders/{id}/refund", tag = "admin", operation_id = "refundOrder",
    security(("bearerAuth" = [])), params(params::Id),
    request_body(content = RefundOrder, example = json!({"reason": "用户误购，全额退款"})),
    responses((status = 200, description = "Refunded", body = OrderView),
        BodyErrors, Unauthorized, NotAdmin, NotFound, TooManyRequests, Internal))]
pub async fn refund(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
    ApiJson(request): ApiJson<RefundOrder>,
) -> Result<Json<OrderView>, ApiFailure> {
    Ok(Json(refunds::refund(&market, &viewer, id, &request).await?))
}

/// Money in and out per day
///
/// Orders paid and refunds per day, Beijing time, amounts in fen; every day of the range is
/// listed (at most 366).
#[utoipa::path(get, path = "/api/admin/payments/daily", tag = "admin", operation_id = "paymentsPerDay",
    security(("bearerAuth" = [])), params(params::DayRange),
    responses((status = 200, description = "One row per day, oldest first", body = Vec<PaymentDay>),
        Unauthorized, NotAdmin, Invalid, TooManyRequests, Internal))]
pub async fn daily(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<PaymentDay>>, ApiFailure> {
    let (from, to) = model::day_range(
        query.get("from").map(String::as_str),
        query.get("to").map(String::as_str),
        chrono::Utc::now(),
    )
    .map_err(market::MarketError::Invalid)?;
    Ok(Json(figures::daily(&market, &viewer, from, to).await?))
}
