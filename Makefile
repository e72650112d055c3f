# The front door. `make test` installs what it needs (scripts/setup.sh) and runs every check;
# `make run` serves the dashboard locally on the embedded store.
SHELL := /bin/bash
.DEFAULT_GOAL := help

TOOLS      ?= $(HOME)/.cache/spacex-dashboard
VENV_BIN   := $(TOOLS)/venv/bin
CARGO_BIN  := $(TOOLS)/cargo/bin
# cargo-lambda, zig and cargo-zigbuild come from the tool venv that scripts/setup.sh makes.
WITH_TOOLS := PATH="$(VENV_BIN):$$PATH"
ENV        ?= dev
ARCH       ?= amd64
IMAGE      ?= spacex-dashboard
IMAGE_TAG  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
TERRAFORM  ?= terraform
TF_DIR     := terraform/environments/$(ENV)
LAMBDA_ZIP := target/lambda/extractor/bootstrap.zip
# The reviewed plan: `make plan` writes it (and its text next to it), `make deploy` applies it.
PLAN_FILE  := $(ENV).tfplan
# Extra plan arguments, e.g. PLAN_ARGS=-target=module.registry for an environment's first deploy.
PLAN_ARGS  ?=
# The state bucket terraform/bootstrap created, when its name is not the one in backend.tf.
TF_STATE_BUCKET ?=
TF_INIT    := $(TERRAFORM) -chdir=$(TF_DIR) init -input=false $(if $(TF_STATE_BUCKET),-backend-config=bucket=$(TF_STATE_BUCKET))

.PHONY: help setup test lint deny fuzz api-fuzz soak lambda tf-check workflow-check provider-schema run image bench bench-smoke push plan deploy check-env

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Install and start what the tests need (idempotent)
	@bash scripts/setup.sh

test: setup lint deny lambda tf-check image ## Every check: fmt, clippy, unit, integration, browser, image, Terraform
	cargo test --workspace --locked
	cargo test -p dashboard --test image --locked -- --ignored
	$(MAKE) api-fuzz

lint: ## cargo fmt --check and clippy -D warnings
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

deny: ## cargo deny: licences, banned and duplicate crates, sources (deny.toml; advisories run in CI)
	$(CARGO_BIN)/cargo-deny check licenses bans sources

# The property-based tests of hostile input run 256 cases each in `make test` (seconds); this
# runs them at length. FUZZ_CASES=50000 takes about 10 minutes on 2 cores.
FUZZ_CASES ?= 50000
fuzz: ## The hostile-input properties (normalisers, list reader, /sync body, query parameters) at FUZZ_CASES cases
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --locked -p launches --test hostile_input
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --locked -p extractor --test sync_body_properties
	PROPTEST_CASES=$(FUZZ_CASES) cargo test --locked -p dashboard --test query_properties

api-fuzz: ## schemathesis: the running dashboard's JSON API against /api/openapi.json (about 15 s)
	cargo build -p dashboard --locked
	bash scripts/schemathesis.sh

lambda: ## Build the extractor as an ARM64 Lambda zip: target/lambda/extractor/bootstrap.zip
	$(WITH_TOOLS) cargo lambda build --release --arm64 --output-format zip --bin extractor --locked
	@ls -l $(LAMBDA_ZIP)

tf-check: workflow-check ## terraform fmt -check and checkov over terraform/ (offline); the workflows' schema
	$(VENV_BIN)/terraform fmt -check -recursive terraform
	$(VENV_BIN)/checkov -d terraform --framework terraform --quiet --compact --skip-download

workflow-check: ## .github/workflows against GitHub's workflow schema (offline)
	$(VENV_BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

provider-schema: ## Refresh terraform/aws-provider-*.schema.json from @cdktf/provider-aws (not part of test)
	bash scripts/provider-schema.sh

run: ## Serve the dashboard on http://127.0.0.1:8501 with the embedded store
	cargo run -p dashboard --locked

bench: setup ## Measure the extractor and the dashboard (release builds); writes docs/benchmarks.md
	cargo build --release --locked -p bench -p extractor -p dashboard
	target/release/bench --out docs/benchmarks.md

# The soak runs the build the image ships: static musl (cargo-zigbuild), for this machine's arch.
SOAK_TARGET := $(shell uname -m)-unknown-linux-musl
soak: setup ## 5 minutes of mixed load on 20,000 launches + idle keep-alive connections; writes docs/benchmarks.md (not in make test)
	$(WITH_TOOLS) cargo zigbuild --release --locked --target $(SOAK_TARGET) -p dashboard
	cargo build --locked -p bench --bin soak
	$${CARGO_TARGET_DIR:-target}/debug/soak --dashboard $${CARGO_TARGET_DIR:-target}/$(SOAK_TARGET)/release/dashboard $(SOAK_ARGS)

bench-smoke: setup ## The benchmark at tiny sizes (part of `make test`; under a minute once built)
	cargo test --workspace --locked --no-run
	cargo test --workspace --locked --test smoke

image: ## Build the dashboard image (ARCH=amd64|arm64)
	$(WITH_TOOLS) IMAGE=$(IMAGE) IMAGE_TAG=$(IMAGE_TAG) bash scripts/build-image.sh $(ARCH)

check-env:
	@[[ "$(ENV)" == dev || "$(ENV)" == prod ]] || { echo "ENV must be dev or prod" >&2; exit 1; }

push: check-env ## Push the dashboard image to ENV's ECR repository as IMAGE_TAG; fail on critical scan findings
	$(TF_INIT)
	@repo="$$($(TERRAFORM) -chdir=$(TF_DIR) output -raw ecr_repository_url)" && \
	region="$$(cut -d. -f4 <<<"$$repo")" && \
	if aws ecr describe-images --region "$$region" --repository-name "$${repo#*/}" --image-ids imageTag=$(IMAGE_TAG) >/dev/null 2>&1; then \
	  echo "$$repo:$(IMAGE_TAG) is already in ECR (tags are immutable)"; \
	else \
	  aws ecr get-login-password --region "$$region" | docker login --username AWS --password-stdin "$${repo%%/*}" && \
	  docker tag $(IMAGE):$(IMAGE_TAG) "$$repo:$(IMAGE_TAG)" && \
	  docker push "$$repo:$(IMAGE_TAG)"; \
	fi && \
	bash scripts/image-scan-gate.sh "$$region" "$${repo#*/}" $(IMAGE_TAG)

plan: check-env ## Plan ENV=dev|prod into terraform/environments/ENV/ENV.tfplan (+ .txt); needs `make lambda` and `make push`
	@[ -f $(LAMBDA_ZIP) ] || { echo "$(LAMBDA_ZIP) is missing: run make lambda first" >&2; exit 1; }
	$(TF_INIT)
	$(TERRAFORM) -chdir=$(TF_DIR) plan -input=false -out=$(PLAN_FILE) -var dashboard_image_tag=$(IMAGE_TAG) $(PLAN_ARGS)
	$(TERRAFORM) -chdir=$(TF_DIR) show -no-color $(PLAN_FILE) >$(TF_DIR)/$(PLAN_FILE).txt
	@echo "plan saved: $(TF_DIR)/$(PLAN_FILE) (read $(TF_DIR)/$(PLAN_FILE).txt, then make deploy ENV=$(ENV))"

deploy: check-env ## Apply exactly the plan `make plan ENV=...` saved: no new plan, no prompt
	@[ -f $(TF_DIR)/$(PLAN_FILE) ] || { echo "no saved plan $(TF_DIR)/$(PLAN_FILE): run make plan ENV=$(ENV) first" >&2; exit 1; }
	$(TF_INIT)
	$(TERRAFORM) -chdir=$(TF_DIR) apply -input=false $(PLAN_FILE)
	rm -f $(TF_DIR)/$(PLAN_FILE) $(TF_DIR)/$(PLAN_FILE).txt
