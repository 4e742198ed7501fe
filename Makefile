# Little Minds: the README's commands. `make run` and `make test` are all a newcomer needs.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STATIC_NHSUK := littleminds/core/static/nhsuk

# The demonstration instance: debug pages, a banner saying it is fictional, and two-factor
# sign-in off so that its published logins work. A live service sets none of these.
run: export LITTLEMINDS_DEBUG ?= true
run: export LITTLEMINDS_DEMO ?= true
run: export LITTLEMINDS_REQUIRE_2FA ?= false
# Links in its e-mails (invitations, passwords, referrals) lead back to the port it is served on.
run: export LITTLEMINDS_SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test check assets install install-dev browser clean messages

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# Copy the NHS.UK design system's compiled CSS, JavaScript and images into the static
# folder. Node is needed for this step only, never at run time.
$(STATIC_NHSUK)/.built: node_modules/.package-lock.json
	rm -rf $(STATIC_NHSUK)
	mkdir -p $(STATIC_NHSUK)
	# Source maps are not shipped, so their references go too (collectstatic would look for them).
	sed -e 's#//\# sourceMappingURL=.*$$##' \
	   node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js > $(STATIC_NHSUK)/nhsuk-frontend.min.js
	# Images are served beside the stylesheet, and the NHS's own Frutiger web fonts (licensed
	# to NHS services, fetched from its servers) are left out: the stack falls back to Arial.
	sed -E -e 's#url\(/assets/#url(assets/#g' -e 's#@font-face\{[^}]*\}##g' \
	   -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
	   node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css > $(STATIC_NHSUK)/nhsuk-frontend.min.css
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets $(STATIC_NHSUK)/assets
	touch $@

assets: $(STATIC_NHSUK)/.built

run: install assets
	mkdir -p var
	$(BIN)/littleminds migrate --noinput
	$(BIN)/littleminds demo-data
	@echo
	@echo "Little Minds is at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)."
	$(BIN)/littleminds runserver 127.0.0.1:$(PORT)

browser:
	@scripts/ensure-chromium.sh

# The suite runs in one process per core (pytest-xdist): each has its own test database.
TEST_WORKERS ?= auto
test: install-dev assets browser
	mkdir -p var
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The translation catalogues of littleminds/locale/, updated from the code and compiled. The
# compiled .mo files are committed, so only this step needs GNU gettext (docs/translations.md).
messages: export LITTLEMINDS_ALLOW_DEV_KEY = 1
messages: install
	cd littleminds && ../$(BIN)/littleminds makemessages --all --add-location file \
	   --ignore '*/tests/*' --ignore 'core/static/*'
	cd littleminds && ../$(BIN)/littleminds compilemessages

# mypy's Django plugin and makemigrations load the settings, which need a key.
check: export LITTLEMINDS_ALLOW_DEV_KEY = 1
check: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy littleminds
	$(BIN)/littleminds makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules $(STATIC_NHSUK) var
