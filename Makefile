# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make demo   install drafter into .venv; outline, check, mine and index the bundled corpus,
#               and draft a speech as a GB/T 9704 .docx
#   make test   install drafter with its test dependencies into .venv, run ruff and mypy, then the tests
# and for writers who never open a terminal again:
#   make serve  the page in the browser (检查, 起草, 排版, 语料, 套话), on this machine only
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint outlines banks bench clean serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# pip byte-compiles what it installs from wheels; do the same for the editable checkout, so that
# start-up does not recompile drafter on every run where PYTHONDONTWRITEBYTECODE is set.
COMPILE = $(BIN)/python -m compileall -q drafter cli.py

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --config-settings editable_mode=compat -e .
	$(COMPILE)
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --config-settings editable_mode=compat -e ".[test]"
	$(COMPILE)
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/drafter outline corpora/
	-$(BIN)/drafter check corpora/
	$(BIN)/drafter phrases mine corpora/ -o build/corpora-phrases.yaml
	$(BIN)/drafter phrases search 廉政 --category 号召 --bank build/corpora-phrases.yaml -n 5
	$(BIN)/drafter draft examples/brief.yaml --seed 1 -o build/初稿.docx
	$(BIN)/drafter corpus add corpora/ --corpus build/corpus.sqlite
	$(BIN)/drafter search 廉政文化 --corpus build/corpus.sqlite -n 3
	@echo "不想用命令行？运行 make serve：在浏览器中打开 drafter 的网页（检查、起草、排版、语料、套话），语料库就是刚建好的 build/corpus.sqlite。"

serve: $(STAMP)
	$(BIN)/drafter serve --open --corpus build/corpus.sqlite

outlines: $(STAMP)
	$(BIN)/drafter outline corpora/ --format yaml -o outlines/

banks: $(STAMP)
	$(BIN)/drafter phrases mine corpora/ -o banks/corpora.yaml

# lint and types first: a test run that passes on code ruff or mypy rejects is not a pass
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(COMPILE)
	$(BIN)/python bench/bench_outline.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_mine.py
	$(BIN)/python bench/bench_export.py
	$(BIN)/python bench/bench_draft.py
	$(BIN)/python bench/bench_serve.py

clean:
	rm -rf $(VENV) build *.egg-info
