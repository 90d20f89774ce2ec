# The two commands of the README: `make run` and `make test`.
TARGET := $(or $(CARGO_TARGET_DIR),target)

.PHONY: run dev release test setup setup-test site server lint unit api-fuzz ops e2e lighthouse

run: release
	SITE_ROOT=$(TARGET)/site $(TARGET)/release/ai-market

# Development: rebuilds and reloads the page on a change (cargo leptos watch, installed on first use).
dev:
	scripts/dev.sh

# The release: one server binary (migrations embedded) and the site folder beside it
# (content-hashed bundles with .gz and .br copies). deploy/README.md installs the two.
release: setup site server
	@echo "release: $(TARGET)/release/ai-market ($$(stat -c %s $(TARGET)/release/ai-market) bytes) and $(TARGET)/site/"

test: setup-test lint unit api-fuzz ops e2e lighthouse

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test
	scripts/services.sh

site:
	scripts/build-site.sh

server:
	cargo build --release -p server

# Formatting, the layout (no import cycle, no file over 400 lines: testkit/tests/layout.rs), then
# clippy on each feature set alone: ssr (server side) and hydrate (the wasm).
lint:
	cargo fmt --all -- --check
	cargo test -p testkit --test layout
	shellcheck scripts/*.sh end2end/*.sh deploy/*.sh deploy/nginx/*.sh bench/*.sh
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Unit, storage and HTTP tests, each against SQLite and against MariaDB + Redis.
unit:
	cargo test --workspace --exclude frontend

# schemathesis against the debug server binary, from the OpenAPI description it serves.
api-fuzz:
	cargo build -p server
	AIM_BIN=$(TARGET)/debug/ai-market SITE_ROOT=$(TARGET)/site end2end/schemathesis.sh

# The deployment kit: metrics and alert rules through promtool, backup and restore on MariaDB,
# and the nginx site in front of the real server.
ops:
	cargo build -p server
	AIM_BIN=$(TARGET)/debug/ai-market end2end/metrics.sh
	AIM_BIN=$(TARGET)/debug/ai-market end2end/backup.sh
	AIM_BIN=$(TARGET)/debug/ai-market deploy/nginx/check.sh

# Browser tests in Chromium against the debug server binary and the shipped wasm.
e2e: site
	cargo build -p server
	AIM_BIN=$(TARGET)/debug/ai-market SITE_ROOT=$(TARGET)/site node end2end/run.mjs

# Lighthouse on a phone over the pages of issue 18; fails when a page misses an aim. The debug
# server answers more slowly than the release one, so a pass here holds for a release too.
lighthouse: site
	cargo build -p server
	AIM_BIN=$(TARGET)/debug/ai-market SITE_ROOT=$(TARGET)/site node bench/lighthouse.mjs --check --details
