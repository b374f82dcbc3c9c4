# Two entry points: `make serve` and `make test`. Both install what is missing first.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
UV    := $(VENV)/bin/uv
UV_VERSION := 0.13.9
# Debian packages the project needs at run time (Tesseract + English data), for
# the generated test pages (fonts) and for the web page test (headless Chromium
# driven through Debian's chromedriver; no browser download at test time), and
# Ghostscript for OCRmyPDF (the plugin's tests run it).
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf \
	chromium chromium-driver ghostscript
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export TESSDATA_PREFIX ?= /usr/share/tesseract-ocr/5/tessdata

.PHONY: install system-deps serve test bench eval train clean

install: system-deps $(VENV)/.synced

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/bin/uv:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(VENV)/bin/uv pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

serve: install
	$(VENV)/bin/bitonal serve

# The task store's tests also run on the PostgreSQL server these machines start on 127.0.0.1.
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

test: install
	BITONAL_TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -q

bench: install
	$(PY) bench/speed.py

# Fits the learned stage of `auto` (training/, seeded) and rewrites the shipped weights;
# prints the leave-one-collection-out validation table. About 20 minutes on 2 cores.
train: install
	$(PY) -m training.train

eval: install
	$(VENV)/bin/bitonal eval ../shared/data/dibco

clean:
	rm -rf $(VENV) var .pytest_cache
