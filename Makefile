# 강좌의 동사들. 가상 환경(.venv)이 없으면 잠금 파일(requirements.lock)로 먼저 만듭니다.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CI와 같은 환경: 데이터 위치(없으면 캐시에 내려받음), 학습한 신경망 캐시.
export CNN_COURSE_CACHE ?= $(CURDIR)/.cache/models
export PYTHONHASHSEED := 0
# matplotlib의 글꼴 목록 캐시를 체크아웃마다 따로 둡니다. 다른 가상 환경이 ~/.cache에 남긴 낡은 목록은
# 노트북에 "findfont" 경고(stderr)를 남깁니다. FONTS가 캐시를 노트북 커널보다 먼저 만듭니다.
export MPLCONFIGDIR ?= $(CURDIR)/.cache/matplotlib
FONTS = $(BIN)/python -c 'import matplotlib.font_manager' 2>/dev/null
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb exercises/*.ipynb))

.PHONY: setup book pdf test test-fast notebooks benchmark clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 이상이 필요합니다." if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

## 책을 _build/html에 만듭니다(노트북은 다시 실행하지 않고 저장된 출력을 씁니다).
## 책이 인터넷 없이 수식을 그리도록 MathJax를 npm 잠금 파일(package-lock.json) 그대로 설치해 싣습니다.
book: $(STAMP) node_modules/.package-lock.json
	$(BIN)/jupyter-book build . -W -n --keep-going

## 책 전체를 PDF 한 권으로(_build/pdf/cnn-course.pdf): 만든 책을 헤드리스 Chromium으로 인쇄합니다.
## 그다음 책을 한 번 더 빌드해 PDF를 책 안에 싣고 내려받기 단추에 "책 전체 PDF"를 더합니다(_ext/book_pdf.py).
pdf: book
	$(BIN)/python tools/build_pdf.py
	$(BIN)/jupyter-book build . -W -n --keep-going

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## 모든 테스트: 노트북(nbval), 패키지, 책 빌드, 브라우저. 노트북이 먼저 채운 신경망 캐시(6장의 10,000번 학습 등)를
## 뒤의 테스트가 다시 학습하지 않고 씁니다.
test: $(STAMP)
	$(FONTS)
	$(BIN)/python -m pytest $(NOTEBOOKS:%=%) tests -p no:cacheprovider --durations=15 \
		--junitxml=test-output/junit.xml --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

## 노트북, 책, 브라우저 없이 패키지 테스트만.
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -p no:cacheprovider --durations=10 \
		--ignore=tests/test_book.py --ignore=tests/test_browser.py --ignore=tests/test_demo_browser.py \
		--ignore=tests/test_pdf.py -m "not slow"

## 강사용: 모든 노트북을 CI와 같은 환경에서 위에서 아래로 다시 실행해 출력을 저장합니다.
## 그다음 6장의 신경망을 "직접 그려 보기" 쪽의 파일(_static/demo)로 다시 내보냅니다.
notebooks: $(STAMP)
	$(FONTS)
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)
	$(BIN)/python -m cnn_course.export _static/demo

benchmark: $(STAMP)
	$(BIN)/python benchmarks/train_speed.py

clean:
	rm -rf _build .cache
