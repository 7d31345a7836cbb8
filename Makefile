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

# check exits 1 on the seeds (they keep the XX/** of their anonymisation, as received): that is the
# point of the step, so the demo says so and goes on; exit 2 (a file not read) stops the demo.
demo: $(STAMP)
	$(BIN)/drafter outline corpora/
	@echo '$$ $(BIN)/drafter check corpora/'; $(BIN)/drafter check corpora/; status=$$?; \
	  if [ $$status -eq 2 ]; then exit 2; fi; \
	  if [ $$status -eq 1 ]; then echo "（以上是 check 在两篇种子讲话稿中找到的问题：种子保持收到时的原样，含匿名处理留下的 XX、** 等占位符，报告它们正是 check 的用途。演示继续。）"; fi
	$(BIN)/drafter phrases mine corpora/ -o build/corpora-phrases.yaml
	$(BIN)/drafter phrases search 廉政 --category 号召 --bank build/corpora-phrases.yaml -n 5
	$(BIN)/drafter draft examples/brief.yaml --seed 1 -o build/初稿.docx
	$(BIN)/drafter corpus add corpora/ --corpus build/corpus.sqlite
	$(BIN)/drafter search 廉政文化 --corpus build/corpus.sqlite -n 3
	@echo ""
	@echo "==================== 演示完成 ===================="
	@echo "生成的文件都在 build/ 文件夹中："
	@echo "  build/初稿.docx              按 examples/brief.yaml 起草、按 GB/T 9704 排版的讲话稿（用 Word 或 WPS 打开）"
	@echo "  build/corpora-phrases.yaml   从 corpora/ 提炼的套话库"
	@echo "  build/corpus.sqlite          corpora/ 的语料库（供 drafter search、drafter similar 使用）"
	@echo "下一步："
	@echo "  source .venv/bin/activate                  之后直接输入 drafter 即可"
	@echo "  drafter new 我的要求.yaml                  逐项提问，生成自己的起草要求（brief）"
	@echo "  drafter draft 我的要求.yaml -o 初稿.docx   起草并排版"
	@echo "  drafter check 初稿.docx                    检查编号和待补充的内容"
	@echo "不想用命令行？运行 make serve：在浏览器中打开 drafter 的网页（检查、起草、排版、语料、套话），语料库就是刚建好的 build/corpus.sqlite。"
	@echo "更多用法见 README.md，或运行 drafter --help。"

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
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_draft.py
	$(BIN)/python bench/bench_serve.py

clean:
	rm -rf $(VENV) build *.egg-info
